/**
 * mergekit's sparsifiers (mergekit/sparsify.py), one task vector at a time. Each returns the
 * sparsified (and, with rescale, L1-rescaled) task vector; density >= 1 returns it unchanged.
 */
import { MethodInputError } from "./tensor-utils.ts";
import type { Sparsifier } from "./generalized-task-arithmetic.ts";

/** Everything one sparsifier call needs. */
export interface SparsifyArgs {
  method: string;
  kind: Exclude<Sparsifier, "none">;
  delta: Float64Array;
  shape: readonly number[];
  density: number;
  rescale: boolean;
  gamma: number;
  epsilon: number;
  /** Uniform [0,1) per element index, for the random sparsifiers. */
  uniform: (index: number) => number;
}

/** |x| with NaN ranked above everything, as torch's sort does. */
const magnitude = (x: number): number => (Number.isNaN(x) ? Infinity : Math.abs(x));

/** Indices start..start+len-1 sorted by |delta| ascending (ties keep index order). */
function ascendingByMagnitude(delta: Float64Array, start = 0, len = delta.length): Uint32Array {
  const idx = new Uint32Array(len);
  const key = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    idx[i] = start + i;
    key[i] = magnitude(delta[start + i]);
  }
  return idx.sort((a, b) => key[a - start] - key[b - start] || a - b);
}

/**
 * L1-norm-preserving rescale (mergekit rescaled_masked_tensor with RescaleNorm.l1): the kept
 * entries are scaled by Σ|δ| / Σ|kept|, unless either sum is below 1e-7. Not the DARE paper's 1/p.
 */
function applyMask(delta: Float64Array, keep: Uint8Array, rescale: boolean): Float64Array {
  const out = new Float64Array(delta.length);
  let before = 0;
  let after = 0;
  for (let j = 0; j < delta.length; j++) {
    before += Math.abs(delta[j]);
    // δ*mask as in torch: a NaN entry stays NaN even when dropped.
    out[j] = keep[j] ? delta[j] : delta[j] * 0;
    after += Math.abs(out[j]);
  }
  if (!rescale || before < 1e-7 || after < 1e-7) return out;
  const f = before / after;
  for (let j = 0; j < out.length; j++) out[j] *= f;
  return out;
}

/** int(x) of Python: truncation toward zero. */
const pyInt = (x: number): number => Math.trunc(x);

/** Sparsify one task vector the way mergekit's `sparsify(..., method)` does. */
export function sparsify(a: SparsifyArgs): Float64Array {
  const { delta, density } = a;
  const n = delta.length;
  if (density >= 1) return delta;
  const keep = new Uint8Array(n);
  switch (a.kind) {
    case "magnitude": {
      const k = pyInt(density * n);
      if (k <= 0) {
        throw new MethodInputError(
          `${a.method}: density ${density} keeps int(${density} * ${n}) = 0 entries of a ${n}-element tensor; mergekit refuses to zero a whole task vector. Raise density to at least ${1 / n}.`,
        );
      }
      const idx = ascendingByMagnitude(delta);
      for (let i = n - k; i < n; i++) keep[idx[i]] = 1;
      break;
    }
    case "magnitude_outliers": {
      const target = pyInt(density * n);
      let nTop = pyInt(a.gamma * n);
      let nBot = n - target - nTop;
      if (nBot < 0) {
        nTop += nBot;
        nBot = 0;
      }
      // Python's sorted[n_bot:-n_top]: with n_top == 0 the slice is EMPTY (mergekit quirk:
      // nothing is kept), so the tensor's task vector vanishes entirely.
      if (nTop > 0) {
        const idx = ascendingByMagnitude(delta);
        for (let i = nBot; i < n - nTop; i++) keep[idx[i]] = 1;
      }
      break;
    }
    case "random": {
      for (let j = 0; j < n; j++) if (a.uniform(j) < density) keep[j] = 1;
      break;
    }
    case "della_magprune": {
      if (density <= 0) return new Float64Array(n);
      const eps = a.epsilon;
      if (!(density - eps > 0) || !(density + eps < 1)) {
        throw new MethodInputError(
          `${a.method}: density ${density} with epsilon ${eps} gives keep probabilities outside (0, 1); choose epsilon < min(density, 1 - density) (mergekit: "Epsilon must be chosen such that density +/- epsilon is in (0, 1)").`,
        );
      }
      const rowLen = a.shape.length <= 1 ? n : a.shape[a.shape.length - 1];
      for (let r = 0; r < n; r += rowLen) {
        const idx = ascendingByMagnitude(delta, r, rowLen);
        for (let rank0 = 0; rank0 < rowLen; rank0++) {
          // rank normalized to [0,1] across the row: (rank - min) / (max - min).
          const rn = rowLen > 1 ? rank0 / (rowLen - 1) : 0;
          const p = density - eps + 2 * eps * rn;
          const j = idx[rank0];
          if (a.uniform(j) < p) keep[j] = 1;
        }
      }
      break;
    }
  }
  return applyMask(delta, keep, a.rescale);
}
