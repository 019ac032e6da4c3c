/** `ramplus_tl`: RAM+ that boosts each model's unique entries by its shared/unique overlap ratio (mergekit merge_methods/ram.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { ramMerge } from "./ram-common.ts";

/** RAM, with each model's unique entries scaled by 1 + r*clamp(shared_i/unique_i, 0, alpha). */
function reference(inputs: MethodInputs): Float32Array {
  return ramMerge("ramplus_tl", inputs, true);
}

/** Spec of mergekit's `ramplus_tl` method. */
export const ramplusTl: MethodSpec = {
  name: "ramplus_tl",
  pretty: "RAM+ (TL)",
  reference_url: "https://arxiv.org/abs/2601.13572",
  base: "required",
  globalParams: [
    { name: "r", kind: "float", default: 0.1, required: false, min: 0, max: 1, doc: "Strength of the boost of unique entries." },
    { name: "alpha", kind: "float", default: 0.2, required: false, min: 0, max: 1, doc: "Clamp on the shared/unique overlap ratio." },
    { name: "epsilon", kind: "float", default: 1e-5, required: false, min: 0, max: 1e-2, doc: "Task-vector entries with |delta| <= epsilon count as zero." },
  ],
  perModelParams: [],
  models: { min: 1 },
  reference,
};
