/**
 * linear (mergekit merge_methods/linear.py): sum_i w_i x_i, divided by sum_i w_i when normalize
 * (default true; no zero guard, as in mergekit). Kernel: shaders/ops/combine.wgsl.
 */
import { globalBool, perModelNumbers, requireModels } from "./params.ts";
import { wholeTensor, writeCombination } from "./combine-run.ts";
import { allBf16, combineRawBf16 } from "../ops/combine-raw.ts";
import type { GpuMethod } from "./types.ts";

export const linear: GpuMethod = {
  name: "linear",
  kernels: ["ops/combine.wgsl", "ops/combine-raw.wgsl"],
  contextOptions: () => ({ delta: false, scratchPerModel: 0, scratch: 1, useBase: false }),
  async run(ctx) {
    requireModels(ctx, 1);
    const w = perModelNumbers(ctx, "weight");
    const div = globalBool(ctx, "normalize", true) ? w.reduce((a, b) => a + b, 0) : 1;
    const coef = w.map((x) => x / div);
    // bf16 in and out (the usual recipe): one fused pass, same bytes as the general path.
    if (allBf16(ctx)) await combineRawBf16(ctx, coef);
    else await writeCombination(ctx, wholeTensor(coef, 0));
  },
};
