/** `ram`: Reinforced Agent Merging: averages overlapping task-vector entries, keeps unique ones (mergekit merge_methods/ram.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { ramMerge } from "./ram-common.ts";

/** Unique task-vector entries are kept, overlapping ones averaged over the models that have them. */
function reference(inputs: MethodInputs): Float32Array {
  return ramMerge("ram", inputs, false);
}

/** Spec of mergekit's `ram` method. */
export const ram: MethodSpec = {
  name: "ram",
  pretty: "RAM",
  reference_url: "https://arxiv.org/abs/2601.13572",
  base: "required",
  globalParams: [
    { name: "epsilon", kind: "float", default: 1e-5, required: false, min: 0, max: 1e-2, doc: "Task-vector entries with |delta| <= epsilon count as zero." },
  ],
  perModelParams: [],
  models: { min: 1 },
  reference,
};
