/** `slerp`: spherical interpolation between the base model and one other model (mergekit merge_methods/slerp.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { checkInputs, dot, globalNumber, norm } from "./tensor-utils.ts";

const DOT_THRESHOLD = 0.9995;
const EPS = 1e-8;

/** Slerp coefficients (s0, s1) for base and other; one angle per tensor, computed in f64. */
export function slerpCoefficients(t: number, v0: Float32Array, v1: Float32Array): [number, number] {
  const n0 = norm(v0);
  const n1 = norm(v1);
  // mergekit normalizes only when the norm exceeds eps; a (near-)zero tensor is used as is.
  const d = dot(v0, v1) / ((n0 > EPS ? n0 : 1) * (n1 > EPS ? n1 : 1));
  if (Math.abs(d) > DOT_THRESHOLD) return [1 - t, t];
  const theta = Math.acos(d);
  const s = Math.sin(theta);
  return [Math.sin((1 - t) * theta) / s, Math.sin(t * theta) / s];
}

/** t = 0 gives the base, t = 1 the other model; lerp when the two are (anti)colinear. */
function reference(inputs: MethodInputs): Float32Array {
  const n = checkInputs("slerp", inputs, { base: "required", min: 1, max: 1 });
  const base = inputs.base as Float32Array;
  const other = inputs.models[0];
  const [s0, s1] = slerpCoefficients(globalNumber("slerp", inputs, "t"), base, other);
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) out[j] = s0 * base[j] + s1 * other[j];
  return out;
}

/** Spec of mergekit's `slerp` method. */
export const slerp: MethodSpec = {
  name: "slerp",
  pretty: "SLERP",
  reference_url: "https://en.wikipedia.org/wiki/Slerp",
  base: "required",
  globalParams: [
    { name: "t", kind: "float", required: true, min: 0, max: 1, doc: "Interpolation factor: 0 = base model, 1 = the other model." },
  ],
  perModelParams: [],
  models: { min: 1, max: 1 },
  reference,
};
