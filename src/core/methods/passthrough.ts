/** `passthrough`: copies its single input, optionally scaled (mergekit merge_methods/passthrough.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";

function reference(_inputs: MethodInputs): Float32Array {
  throw new Error("passthrough: reference not implemented yet");
}

/** Spec of mergekit's `passthrough` method. */
export const passthrough: MethodSpec = {
  name: "passthrough",
  pretty: "Passthrough",
  reference_url: "https://github.com/arcee-ai/mergekit/blob/main/docs/merge_methods.md",
  base: "unused",
  baseNote: "Exactly one input tensor; base_model is not used.",
  globalParams: [],
  perModelParams: [
    { name: "scale", kind: "float", required: false, doc: "Multiply the tensor by this factor (e.g. 0 to silence o_proj in a frankenmerge)." },
  ],
  models: { min: 1, max: 1 },
  reference,
};
