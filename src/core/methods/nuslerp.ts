/** `nuslerp`: spherical interpolation of two models by weight, optionally around a base (mergekit merge_methods/nuslerp.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { WEIGHT } from "./param-specs.ts";

function reference(_inputs: MethodInputs): Float32Array {
  throw new Error("nuslerp: reference not implemented yet");
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
