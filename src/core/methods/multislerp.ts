/** `multislerp`: spherical barycentric interpolation of any number of models (mergekit merge_methods/multislerp.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { checkInputs, globalBool, globalNumber, MethodInputError, perModelNumber } from "./tensor-utils.ts";
import { WEIGHT } from "./param-specs.ts";

/**
 * Barycentric slerp of the (task) vectors, all reductions over the whole flattened tensor:
 * units u_i = x_i/(‖x_i‖+eps), mean direction m, tangent projection, exp map, scaled by Σ w_i‖x_i‖.
 */
function reference(inputs: MethodInputs): Float32Array {
  const method = "multislerp";
  const n = checkInputs(method, inputs, { base: "optional", min: 1 });
  if (inputs.models.length === 1) return inputs.models[0].slice();
  const eps = globalNumber(method, inputs, "eps", 1e-8);
  let w = inputs.models.map((_, i) => perModelNumber(method, inputs, i, "weight"));
  if (globalBool(inputs, "normalize_weights", true)) {
    const s = w.reduce((a, b) => a + b, 0);
    w = w.map((x) => x / s);
  }
  const base = inputs.base;
  const xs = inputs.models.map((m) => Float64Array.from(m, (x, j) => (base ? x - base[j] : x)));
  const norms = xs.map((x) => Math.sqrt(x.reduce((a, v) => a + v * v, 0)));
  const units = xs.map((x, i) => x.map((v) => v / (norms[i] + eps)));
  const mean = new Float64Array(n);
  units.forEach((u, i) => u.forEach((v, j) => (mean[j] += w[i] * v)));
  const meanNorm = Math.sqrt(mean.reduce((a, v) => a + v * v, 0));
  const addBase = (r: Float64Array) => Float32Array.from(r, (x, j) => (base ? x + base[j] : x));
  if (meanNorm < eps) {
    if (xs.length === 2) return addBase(xs[0].map((v, j) => v * w[0] + xs[1][j] * w[1]));
    throw new MethodInputError(
      `${method}: the weighted sum of the input directions of tensor "${inputs.tensorName}" is zero (antipodal inputs with balancing weights); change the weights.`,
    );
  }
  for (let j = 0; j < n; j++) mean[j] /= meanNorm;
  const tangent = new Float64Array(n);
  units.forEach((u, i) => {
    let d = 0;
    for (let j = 0; j < n; j++) d += u[j] * mean[j];
    for (let j = 0; j < n; j++) tangent[j] += w[i] * (u[j] - d * mean[j]);
  });
  const tau = Math.sqrt(tangent.reduce((a, v) => a + v * v, 0)) + eps;
  const avgNorm = norms.reduce((a, nm, i) => a + nm * w[i], 0);
  const c = Math.cos(tau);
  const s = Math.sin(tau) / tau;
  return addBase(mean.map((m, j) => (m * c + tangent[j] * s) * avgNorm));
}

/** Spec of mergekit's `multislerp` method. */
export const multislerp: MethodSpec = {
  name: "multislerp",
  pretty: "Multi-SLERP",
  reference_url: "https://goddard.blog/posts/multislerp-wow-what-a-cool-idea",
  base: "optional",
  globalParams: [
    { name: "normalize_weights", kind: "bool", default: true, required: false, doc: "Divide the weights by their sum first." },
    { name: "eps", kind: "float", default: 1e-8, required: false, min: 0, max: 1e-3, doc: "Small constant guarding divisions by a norm." },
  ],
  perModelParams: [
    WEIGHT,
  ],
  models: { min: 1 },
  reference,
};
