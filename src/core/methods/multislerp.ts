/** `multislerp`: spherical barycentric interpolation of any number of models (mergekit merge_methods/multislerp.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { WEIGHT } from "./param-specs.ts";

function reference(_inputs: MethodInputs): Float32Array {
  throw new Error("multislerp: reference not implemented yet");
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
