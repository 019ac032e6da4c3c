/**
 * passthrough (mergekit merge_methods/passthrough.py): exactly one input, optionally multiplied by
 * its per-model `scale`. Kernel: shaders/ops/combine.wgsl.
 */
import { perModelNumbers, requireModels } from "./params.ts";
import { wholeTensor, writeCombination } from "./combine-run.ts";
import { copyRaw } from "../ops/combine-raw.ts";
import type { GpuMethod } from "./types.ts";

export const passthrough: GpuMethod = {
  name: "passthrough",
  kernels: ["ops/combine.wgsl"],
  contextOptions: () => ({ delta: false, scratchPerModel: 0, scratch: 1, useBase: false }),
  async run(ctx) {
    requireModels(ctx, 1, 1);
    const scale = perModelNumbers(ctx, "scale", 1);
    // Unscaled and not re-typed: the bytes are the answer (a frankenmerge copies most tensors).
    if (scale[0] === 1 && ctx.req.models[0].dtype === ctx.req.outDtype) await copyRaw(ctx);
    else await writeCombination(ctx, wholeTensor(scale, 0));
  },
};
