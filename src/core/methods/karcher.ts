/** `karcher`: Riemannian (Karcher) mean of the models on the sphere, uniform weights (mergekit merge_methods/karcher.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";

function reference(_inputs: MethodInputs): Float32Array {
  throw new Error("karcher: reference not implemented yet");
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
