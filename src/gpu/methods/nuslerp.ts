/**
 * nuslerp (mergekit merge_methods/nuslerp.py): slerp between two models (task vectors when a base
 * is given) with t = w1/(w0+w1) (0.5 when the weights sum to ~0); one angle for the flattened
 * tensor (nuslerp_flatten, default), per row (last axis), or per column (nuslerp_row_wise, vectors
 * along dim 0). Vectors are normalized with max(|v|, 1e-7); |sin θ| < 1e-8 falls back to lerp.
 * Angles in f64 from GPU sums; final pass shaders/ops/combine.wgsl.
 */
import { GpuError } from "../errors.ts";
import type { SegmentMode } from "../ops/combine.ts";
import { globalBool, perModelNumbers, requireModels } from "./params.ts";
import { gramMatrix } from "./gram.ts";
import { wholeTensor, writeCombination } from "./combine-run.ts";
import type { GpuMethod } from "./types.ts";

/** (c0, c1) of nuslerp for one vector pair. */
export function nuslerpCoefficients(t: number, n0sq: number, n1sq: number, dot01: number): [number, number] {
  const d0 = Math.max(Math.sqrt(n0sq), 1e-7);
  const d1 = Math.max(Math.sqrt(n1sq), 1e-7);
  const cos = Math.min(1, Math.max(-1, dot01 / (d0 * d1)));
  const theta = Math.acos(cos);
  const s = Math.sin(theta);
  if (Math.abs(s) < 1e-8) return [1 - t, t];
  return [Math.sin((1 - t) * theta) / s, Math.sin(t * theta) / s];
}

export const nuslerp: GpuMethod = {
  name: "nuslerp",
  kernels: ["ops/reduce.wgsl", "ops/combine.wgsl"],
  contextOptions: () => ({ delta: true, scratchPerModel: 0, scratch: 1 }),
  async run(ctx) {
    requireModels(ctx, 1, 2);
    const baseCoef = ctx.req.base ? 1 : 0;
    if (ctx.n === 1) return writeCombination(ctx, wholeTensor([1], baseCoef));
    const [w0, w1] = perModelNumbers(ctx, "weight");
    const t = Math.abs(w0 + w1) < 1e-6 ? 0.5 : w1 / (w0 + w1);
    const flatten = globalBool(ctx, "nuslerp_flatten", true);
    const rowWise = globalBool(ctx, "nuslerp_row_wise", false);
    const dims = ctx.req.shape.length;
    let mode: SegmentMode = flatten ? "all" : !rowWise || dims <= 1 ? "rows" : "cols";
    if (mode === "cols" && dims > 2) {
      throw new GpuError("GPU_VALIDATION", `nuslerp on tensor ${ctx.req.tensorName}: nuslerp_row_wise with nuslerp_flatten: false is supported for 1-D and 2-D tensors only (shape [${ctx.req.shape.join(", ")}]).`);
    }
    if (dims === 0) mode = "all";
    const g = await gramMatrix(ctx, false, mode);
    const coef = new Float32Array(g.segments * 3);
    for (let s = 0; s < g.segments; s++) {
      const [c0, c1] = nuslerpCoefficients(t, g.get(s, 0, 0), g.get(s, 1, 1), g.get(s, 0, 1));
      coef.set([c0, c1, baseCoef], s * 3);
    }
    await writeCombination(ctx, { mode, coef });
  },
};
