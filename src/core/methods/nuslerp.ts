/** `nuslerp`: spherical interpolation of two models by weight, optionally around a base (mergekit merge_methods/nuslerp.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { checkInputs, globalBool, perModelNumber } from "./tensor-utils.ts";
import { WEIGHT } from "./param-specs.ts";

/**
 * Slerp of v0, v1 along vectors of `len` elements starting at each of `starts`, `stride` apart;
 * writes into out. Per vector: normalize by max(‖x‖, 1e-7), θ = acos(clamp(cos)), lerp where
 * |sin θ| < 1e-8. Inputs are not renormalized (coefficients apply to the raw vectors).
 */
function slerpVectors(t: number, v0: Float64Array, v1: Float64Array, starts: number[], len: number, stride: number, out: Float64Array): void {
  for (const s of starts) {
    let n0 = 0;
    let n1 = 0;
    let d = 0;
    for (let k = 0, i = s; k < len; k++, i += stride) {
      n0 += v0[i] * v0[i];
      n1 += v1[i] * v1[i];
      d += v0[i] * v1[i];
    }
    const cos = d / (Math.max(Math.sqrt(n0), 1e-7) * Math.max(Math.sqrt(n1), 1e-7));
    const theta = Math.acos(Math.min(1, Math.max(-1, cos)));
    const sin = Math.sin(theta);
    let c0 = 1 - t;
    let c1 = t;
    if (!(Math.abs(sin) < 1e-8)) {
      c0 = Math.sin((1 - t) * theta) / sin;
      c1 = Math.sin(t * theta) / sin;
    }
    for (let k = 0, i = s; k < len; k++, i += stride) out[i] = c0 * v0[i] + c1 * v1[i];
  }
}

/**
 * t = w1/(w0+w1) (0.5 when |w0+w1| < 1e-6). With a base, slerps the task vectors and adds the
 * base back. flatten: one vector; else rows (last dim), or with row_wise vectors along dim 0.
 */
function reference(inputs: MethodInputs): Float32Array {
  // mergekit: without a base one model is returned as is; with a base exactly two are needed.
  const n = checkInputs("nuslerp", inputs, { base: "optional", min: inputs.base ? 2 : 1, max: 2 });
  if (inputs.models.length === 1) return inputs.models[0].slice();
  const w0 = perModelNumber("nuslerp", inputs, 0, "weight");
  const w1 = perModelNumber("nuslerp", inputs, 1, "weight");
  const t = Math.abs(w0 + w1) < 1e-6 ? 0.5 : w1 / (w0 + w1);
  const base = inputs.base;
  const rel = (m: Float32Array) => Float64Array.from(m, (x, j) => (base ? x - base[j] : x));
  const v0 = rel(inputs.models[0]);
  const v1 = rel(inputs.models[1]);
  const shape = inputs.shape;
  let starts: number[];
  let len: number;
  let stride: number;
  if (globalBool(inputs, "nuslerp_flatten", true) || shape.length <= 1) {
    [starts, len, stride] = [[0], n, 1];
  } else if (globalBool(inputs, "nuslerp_row_wise", false)) {
    // Vectors along dim 0 (mergekit transposes dim 0 to the end).
    len = shape[0];
    stride = n / len;
    starts = Array.from({ length: stride }, (_, i) => i);
  } else {
    len = shape[shape.length - 1];
    stride = 1;
    starts = Array.from({ length: n / len }, (_, i) => i * len);
  }
  const res = new Float64Array(n);
  slerpVectors(t, v0, v1, starts, len, stride, res);
  return Float32Array.from(res, (x, j) => (base ? x + base[j] : x));
}

/** Spec of mergekit's `nuslerp` method. */
export const nuslerp: MethodSpec = {
  name: "nuslerp",
  pretty: "NuSLERP",
  reference_url: "https://github.com/arcee-ai/mergekit/blob/main/docs/merge_methods.md",
  base: "optional",
  globalParams: [
    { name: "nuslerp_row_wise", kind: "bool", default: false, required: false, doc: "Interpolate vectors along dim 0 instead of rows (only with nuslerp_flatten: false)." },
    { name: "nuslerp_flatten", kind: "bool", default: true, required: false, doc: "Treat the whole tensor as one vector (one angle per tensor)." },
  ],
  perModelParams: [
    WEIGHT,
  ],
  models: { min: 2, max: 2 },
  reference,
};
