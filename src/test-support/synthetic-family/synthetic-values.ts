/**
 * Counter-based synthetic values: element i of tensor t in model m is a pure function of
 * (seed, t's name, m, i), so any chunk can be generated on its own (streaming writes) and a
 * fine-tune can be derived from its base without keeping the base in memory.
 */

/** 32-bit integer mix (murmur3 finaliser over a combined pair). */
export function hash32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a of a string, to seed each tensor by name rather than by position. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** How a tensor's values are drawn. */
export interface ValueSpec {
  /** Per-tensor seed (from the family seed and the tensor name). */
  tensorSeed: number;
  /** 0 for the base model, k >= 1 for fine-tune k. */
  model: number;
  /** Mean of the base values (1 for norms, 0 for weights). */
  mean: number;
  /** Standard deviation of the base values. */
  std: number;
  /** Fine-tune delta std as a fraction of `std`. */
  deltaScale: number;
}

const SQRT3 = Math.sqrt(3);
/** Uniform in [-sqrt3, sqrt3): unit variance. */
const unit = (h: number) => (h / 2 ** 31 - 1) * SQRT3;

/** Fill `out` with elements [start, start + out.length) of the tensor. */
export function fillValues(out: Float32Array, start: number, v: ValueSpec): void {
  const deltaSeed = v.model > 0 ? hash32(v.tensorSeed, 0x5eed0000 + v.model) : 0;
  const dStd = v.std * v.deltaScale;
  for (let k = 0; k < out.length; k++) {
    const i = start + k;
    let x = v.mean + v.std * unit(hash32(v.tensorSeed, i));
    if (v.model > 0) x += dStd * unit(hash32(deltaSeed, i));
    out[k] = x;
  }
}
