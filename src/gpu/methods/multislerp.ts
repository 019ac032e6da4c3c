/**
 * multislerp (mergekit merge_methods/multislerp.py): weighted spherical mean of n unit vectors
 * (task vectors when a base is given) via the tangent-space projection and exp map at their
 * normalized weighted mean, rescaled by the weighted mean norm. Every step is a linear
 * combination of the inputs, so it is evaluated in coefficient space from the GPU Gram matrix in
 * f64 and written with one weighted sum (shaders/ops/combine.wgsl).
 */
import { GpuError } from "../errors.ts";
import { globalBool, globalNumber, perModelNumbers, requireModels } from "./params.ts";
import { gdot, gramMatrix, quad } from "./gram.ts";
import { wholeTensor, writeCombination } from "./combine-run.ts";
import type { GpuMethod } from "./types.ts";

export const multislerp: GpuMethod = {
  name: "multislerp",
  kernels: ["ops/reduce.wgsl", "ops/combine.wgsl"],
  contextOptions: () => ({ delta: true, scratchPerModel: 0, scratch: 1 }),
  async run(ctx) {
    requireModels(ctx, 1);
    const baseCoef = ctx.req.base ? 1 : 0;
    if (ctx.n === 1) return writeCombination(ctx, wholeTensor([1], baseCoef));
    const n = ctx.n;
    const eps = globalNumber(ctx, "eps", 1e-8);
    let w = perModelNumbers(ctx, "weight");
    if (globalBool(ctx, "normalize_weights", true)) {
      const sw = w.reduce((a, b) => a + b, 0);
      w = w.map((x) => x / sw);
    }
    const g = await gramMatrix(ctx, false, "all");
    const norms = w.map((_, i) => Math.sqrt(Math.max(0, g.get(0, i, i))));
    const u = norms.map((x) => 1 / (x + eps)); // U_i = X_i * u_i
    let mc = w.map((wi, i) => wi * u[i]); // m = sum_i mc_i X_i
    const mNorm = Math.sqrt(quad(g, 0, mc));
    if (mNorm < eps) {
      if (n === 2) return writeCombination(ctx, wholeTensor(w, baseCoef));
      throw new GpuError("GPU_VALIDATION", `multislerp on tensor ${ctx.req.tensorName}: the weighted sum of the input tensors is zero; change the weights or the models.`);
    }
    mc = mc.map((c) => c / mNorm);
    const d = u.map((ui, i) => ui * gdot(g, 0, i, mc)); // U_i . m
    const wd = w.reduce((acc, wi, i) => acc + wi * d[i], 0);
    const tc = w.map((wi, k) => wi * u[k] - wd * mc[k]); // T = sum_i w_i (U_i - d_i m)
    const tau = Math.sqrt(quad(g, 0, tc)) + eps;
    const scale = w.reduce((acc, wi, i) => acc + wi * norms[i], 0);
    const rc = mc.map((m, k) => (m * Math.cos(tau) + (tc[k] * Math.sin(tau)) / tau) * scale);
    await writeCombination(ctx, wholeTensor(rc, baseCoef));
  },
};
