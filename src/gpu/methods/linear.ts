/**
 * linear (mergekit merge_methods/linear.py): sum_i w_i x_i, divided by sum_i w_i when normalize
 * (default true; no zero guard, as in mergekit). Kernel: shaders/ops/combine.wgsl.
 */
import { globalBool, perModelNumbers, requireModels } from "./params.ts";
import { wholeTensor, writeCombination } from "./combine-run.ts";
import type { GpuMethod } from "./types.ts";

export const linear: GpuMethod = {
  name: "linear",
  kernels: ["ops/combine.wgsl"],
  contextOptions: () => ({ delta: false, scratchPerModel: 0, scratch: 1, useBase: false }),
  async run(ctx) {
    requireModels(ctx, 1);
    const w = perModelNumbers(ctx, "weight");
    const div = globalBool(ctx, "normalize", true) ? w.reduce((a, b) => a + b, 0) : 1;
    await writeCombination(ctx, wholeTensor(w.map((x) => x / div), 0));
  },
};
