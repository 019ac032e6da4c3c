/** `arcee_fusion`: takes the other model where its change from the base is important (KL-weighted) (mergekit merge_methods/arcee_fusion.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { checkInputs } from "./tensor-utils.ts";

/** Per-row KL(softmax(other) ‖ softmax(base)), each softmax + 1e-8; rows = last dim. */
function rowKl(other: Float32Array, base: Float32Array, start: number, len: number): number {
  const softmax = (x: Float32Array) => {
    let mx = -Infinity;
    for (let j = start; j < start + len; j++) mx = Math.max(mx, x[j]);
    let sum = 0;
    const e = new Float64Array(len);
    for (let k = 0; k < len; k++) sum += e[k] = Math.exp(x[start + k] - mx);
    return e.map((v) => v / sum + 1e-8);
  };
  const p = softmax(other);
  const q = softmax(base);
  let kl = 0;
  for (let k = 0; k < len; k++) kl += p[k] * Math.log(p[k] / q[k]);
  return kl;
}

/**
 * importance = |other - base| · KL_row; threshold = Q(0.5) + 1.5·(Q(0.75) - Q(0.25)) with
 * Q(q) = sorted[floor(q·(numel-1))]; take the other model where importance >= threshold.
 * mergekit samples 1e6 entries (unseeded) above 1e6 elements; this reference uses them all.
 */
function reference(inputs: MethodInputs): Float32Array {
  const n = checkInputs("arcee_fusion", inputs, { base: "required", min: 1, max: 1 });
  const base = inputs.base as Float32Array;
  const other = inputs.models[0];
  const rowLen = inputs.shape.length >= 1 ? inputs.shape[inputs.shape.length - 1] : n;
  const imp = new Float64Array(n);
  for (let r = 0; r < n; r += rowLen) {
    const kl = rowKl(other, base, r, rowLen);
    for (let j = r; j < r + rowLen; j++) imp[j] = Math.abs(other[j] - base[j]) * kl;
  }
  const sorted = imp.slice().sort();
  const q = (x: number) => sorted[Math.floor(x * (n - 1))];
  const thr = q(0.5) + 1.5 * (q(0.75) - q(0.25));
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) out[j] = base[j] + (other[j] - base[j]) * (imp[j] >= thr ? 1 : 0); // NaN inputs stay NaN, as in torch
  return out;
}

/** Spec of mergekit's `arcee_fusion` method. */
export const arceeFusion: MethodSpec = {
  name: "arcee_fusion",
  pretty: "Arcee Fusion",
  reference_url: "https://www.arcee.ai/blog/meet-mergekit-v0-1-arcee-fusion-expanded-model-support-multi-gpu-acceleration",
  base: "required",
  globalParams: [],
  perModelParams: [],
  models: { min: 1, max: 1 },
  reference,
};
