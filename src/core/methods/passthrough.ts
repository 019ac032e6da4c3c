/** `passthrough`: copies its single input, optionally scaled (mergekit merge_methods/passthrough.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { checkInputs } from "./tensor-utils.ts";

/** The single input, times its optional per-model `scale`. */
function reference(inputs: MethodInputs): Float32Array {
  checkInputs("passthrough", inputs, { base: "unused", min: 1, max: 1 });
  const scale = inputs.perModel[0]?.scale;
  const src = inputs.models[0];
  if (scale === undefined) return src.slice();
  const out = new Float32Array(src.length);
  for (let j = 0; j < src.length; j++) out[j] = src[j] * scale;
  return out;
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
