/**
 * karcher (mergekit merge_methods/karcher.py): the Riemannian (Karcher) mean of the unit
 * directions with uniform weights, by up to max_iter gradient steps on the sphere (stop when
 * |G| < tol), rescaled by the mean norm. A base model, if given, is averaged like any input.
 * Every iterate is a linear combination of the inputs, so the iteration runs in coefficient
 * space in f64 on the GPU Gram matrix; one weighted sum writes the result (ops/combine.wgsl).
 */
import { globalNumber, requireModels } from "./params.ts";
import { gdot, gramMatrix, quad } from "./gram.ts";
import { wholeTensor, writeCombination } from "./combine-run.ts";
import type { GpuMethod } from "./types.ts";

export const karcher: GpuMethod = {
  name: "karcher",
  kernels: ["ops/reduce.wgsl", "ops/combine.wgsl"],
  contextOptions: () => ({ delta: false, scratchPerModel: 0, scratch: 1 }),
  async run(ctx) {
    requireModels(ctx, 1);
    const maxIter = Math.trunc(globalNumber(ctx, "max_iter", 10));
    const tol = globalNumber(ctx, "tol", 1e-5);
    const withBase = ctx.req.base !== null;
    const g = await gramMatrix(ctx, withBase, "all");
    const m = g.m;
    const toOut = (c: number[]) => wholeTensor(c.slice(0, ctx.n), withBase ? c[ctx.n] : 0);
    const norms = Array.from({ length: m }, (_, i) => Math.sqrt(Math.max(0, g.get(0, i, i))));
    const inv = norms.map((x) => (x === 0 ? 0 : 1 / x)); // u_i = X_i * inv_i
    const valid = norms.map((x) => x > tol);
    const alpha = 1 / m;
    const validCount = valid.filter(Boolean).length;
    if (validCount === 0) return writeCombination(ctx, toOut(new Array<number>(m).fill(0)));
    const ap = alpha / (alpha * validCount); // alpha'_i for valid i
    const unitOf = (i: number) => norms.map((_, k) => (k === i ? inv[i] : 0));
    let u = norms.map((_, k) => (valid[k] ? ap * inv[k] : 0));
    const uNorm = Math.sqrt(quad(g, 0, u));
    if (uNorm < tol) u = unitOf(valid.indexOf(true));
    else u = u.map((c) => c / uNorm);
    for (let iter = 0; iter < maxIter; iter++) {
      const grad = new Array<number>(m).fill(0);
      for (let i = 0; i < m; i++) {
        if (!valid[i]) continue;
        const dot = Math.min(1, Math.max(-1, inv[i] * gdot(g, 0, i, u)));
        const theta = Math.acos(dot);
        if (theta < tol) continue;
        const f = (ap * theta) / Math.sin(theta);
        for (let k = 0; k < m; k++) grad[k] += f * ((k === i ? inv[i] : 0) - dot * u[k]);
      }
      const gNorm = Math.sqrt(quad(g, 0, grad));
      if (gNorm < tol) break;
      u = u.map((c, k) => Math.cos(gNorm) * c + (Math.sin(gNorm) * grad[k]) / gNorm);
      const norm = Math.sqrt(quad(g, 0, u));
      if (norm > tol) u = u.map((c) => c / norm);
    }
    const scale = norms.reduce((acc, x) => acc + alpha * x, 0);
    await writeCombination(ctx, toOut(u.map((c) => c * scale)));
  },
};
