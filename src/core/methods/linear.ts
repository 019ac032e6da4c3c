/** `linear`: weighted average of the models (mergekit merge_methods/linear.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { normalizeParam, WEIGHT } from "./param-specs.ts";

function reference(_inputs: MethodInputs): Float32Array {
  throw new Error("linear: reference not implemented yet");
}

/** Spec of mergekit's `linear` method. */
export const linear: MethodSpec = {
  name: "linear",
  pretty: "Linear",
  reference_url: "https://arxiv.org/abs/2203.05482",
  base: "unused",
  baseNote: "A base_model given anyway is added as an input and then needs its own weight.",
  globalParams: [normalizeParam(true, "Divide the weighted sum by the sum of the weights.")],
  perModelParams: [WEIGHT],
  models: { min: 1 },
  reference,
};
