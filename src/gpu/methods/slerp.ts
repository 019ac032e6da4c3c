/**
 * slerp (mergekit merge_methods/slerp.py): spherical interpolation from the base (t=0) to the
 * other model (t=1) with one angle per tensor; lerp when |cos| > 0.9995. Norms and the dot come
 * from GPU partial sums, the angle is finished in f64, the result is one weighted sum
 * (shaders/ops/combine.wgsl).
 */
import { globalNumber, requireBase, requireModels } from "./params.ts";
import { gramMatrix } from "./gram.ts";
import { wholeTensor, writeCombination } from "./combine-run.ts";
import type { GpuMethod } from "./types.ts";

const DOT_THRESHOLD = 0.9995;
const EPS = 1e-8;

/** (base coefficient, model coefficient) of slerp for norms/dot from a Gram matrix. */
export function slerpCoefficients(t: number, n0sq: number, n1sq: number, dot01: number): [number, number] {
  const n0 = Math.sqrt(n0sq);
  const n1 = Math.sqrt(n1sq);
  const a0 = n0 > EPS ? 1 / n0 : 1;
  const a1 = n1 > EPS ? 1 / n1 : 1;
  const dot = dot01 * a0 * a1;
  if (Math.abs(dot) > DOT_THRESHOLD) return [1 - t, t];
  const theta = Math.acos(dot);
  const sinTheta = Math.sin(theta);
  return [Math.sin((1 - t) * theta) / sinTheta, Math.sin(t * theta) / sinTheta];
}

export const slerp: GpuMethod = {
  name: "slerp",
  kernels: ["ops/reduce.wgsl", "ops/combine.wgsl"],
  contextOptions: () => ({ delta: false, scratchPerModel: 0, scratch: 1 }),
  async run(ctx) {
    requireBase(ctx);
    requireModels(ctx, 1, 1);
    const t = globalNumber(ctx, "t");
    const g = await gramMatrix(ctx, true, "all");
    const [c0, c1] = slerpCoefficients(t, g.get(0, 1, 1), g.get(0, 0, 0), g.get(0, 0, 1));
    await writeCombination(ctx, wholeTensor([c1], c0));
  },
};
