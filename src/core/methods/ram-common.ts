/** Shared core of `ram` and `ramplus_tl` (mergekit merge_methods/ram.py). */
import type { MethodInputs } from "./types.ts";
import { checkInputs, globalNumber, subtract } from "./tensor-utils.ts";

/**
 * nz_i = |δ_i| > epsilon; c = Σ nz_i per element. Entries of exactly one model (c = 1) are kept
 * (times λ_i for ramplus_tl), entries of several (c > 1) are averaged over those c models.
 */
export function ramMerge(method: string, inputs: MethodInputs, plus: boolean): Float32Array {
  const n = checkInputs(method, inputs, { base: "required", min: 1 });
  const base = inputs.base as Float32Array;
  const eps = globalNumber(method, inputs, "epsilon", 1e-5);
  const deltas = inputs.models.map((m) => subtract(m, base));
  const count = new Uint32Array(n);
  for (const d of deltas) for (let j = 0; j < n; j++) if (Math.abs(d[j]) > eps) count[j]++;
  const lambdas = deltas.map((d) => {
    if (!plus) return 1;
    let shared = 0;
    let unique = 0;
    for (let j = 0; j < n; j++) {
      if (!(Math.abs(d[j]) > eps)) continue;
      if (count[j] === 1) unique++;
      else shared++;
    }
    const r = globalNumber(method, inputs, "r", 0.1);
    const alpha = globalNumber(method, inputs, "alpha", 0.2);
    const rho = shared / Math.max(unique, eps);
    return 1 + r * Math.min(alpha, Math.max(0, rho));
  });
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    const c = count[j];
    for (let i = 0; i < deltas.length; i++) {
      const d = deltas[i][j];
      if (!(Math.abs(d) > eps)) continue;
      s += c === 1 ? d * lambdas[i] : d / c;
    }
    out[j] = base[j] + s;
  }
  return out;
}
