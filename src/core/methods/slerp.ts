/** `slerp`: spherical interpolation between the base model and one other model (mergekit merge_methods/slerp.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";

function reference(_inputs: MethodInputs): Float32Array {
  throw new Error("slerp: reference not implemented yet");
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
