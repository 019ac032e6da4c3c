/** `karcher`: Riemannian (Karcher) mean of the models on the sphere, uniform weights (mergekit merge_methods/karcher.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { checkInputs, globalNumber } from "./tensor-utils.ts";

const sq = (a: Float64Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));

/**
 * Uniform-weight Karcher mean on the unit sphere (fixed-point iteration), rescaled by the mean
 * norm. A base_model, if given, is averaged in like any model. Tensors with norm <= tol are left
 * out of the direction but still count in the final scale, as in mergekit.
 */
function reference(inputs: MethodInputs): Float32Array {
  const method = "karcher";
  const n = checkInputs(method, inputs, { base: "unused", min: 1 });
  const tensors = inputs.base ? [...inputs.models, inputs.base] : inputs.models;
  if (tensors.length === 1) return tensors[0].slice();
  const maxIter = Math.trunc(globalNumber(method, inputs, "max_iter", 10));
  const tol = globalNumber(method, inputs, "tol", 1e-5);
  const alpha = 1 / tensors.length;
  const norms = tensors.map((t) => sq(Float64Array.from(t)));
  const units = tensors.map((t, i) => Float64Array.from(t, (x) => (norms[i] === 0 ? 0 : x / norms[i])));
  const valid = units.filter((_, i) => norms[i] > tol);
  if (valid.length === 0) return new Float32Array(n);
  const a = 1 / valid.length; // α_i / Σ_valid α with uniform α
  let mean = new Float64Array(n);
  for (const u of valid) for (let j = 0; j < n; j++) mean[j] += a * u[j];
  const mn = sq(mean);
  mean = mn < tol ? valid[0].slice() : mean.map((x) => x / mn);
  for (let it = 0; it < maxIter; it++) {
    const tangent = new Float64Array(n);
    for (const u of valid) {
      let d = 0;
      for (let j = 0; j < n; j++) d += mean[j] * u[j];
      d = Math.min(1, Math.max(-1, d));
      const theta = Math.acos(d);
      if (theta < tol) continue;
      const f = (a * theta) / Math.sin(theta);
      for (let j = 0; j < n; j++) tangent[j] += f * (u[j] - d * mean[j]);
    }
    const tn = sq(tangent);
    if (tn < tol) break;
    const c = Math.cos(tn);
    const s = Math.sin(tn) / tn;
    mean = mean.map((m, j) => c * m + s * tangent[j]);
    const un = sq(mean);
    if (un > tol) mean = mean.map((x) => x / un);
  }
  const scale = norms.reduce((acc, nm) => acc + alpha * nm, 0);
  return Float32Array.from(mean, (x) => scale * x);
}

/** Spec of mergekit's `karcher` method. */
export const karcher: MethodSpec = {
  name: "karcher",
  pretty: "Karcher Mean",
  reference_url: "https://en.wikipedia.org/wiki/Karcher_mean",
  base: "unused",
  baseNote: "A base_model given anyway is averaged in like any other model.",
  globalParams: [
    { name: "max_iter", kind: "int", default: 10, required: false, min: 1, max: 1000, doc: "Maximum number of fixed-point iterations." },
    { name: "tol", kind: "float", default: 1e-5, required: false, min: 0, max: 1e-2, doc: "Convergence tolerance on the gradient norm (also the zero-norm threshold)." },
  ],
  perModelParams: [],
  models: { min: 1 },
  reference,
};
