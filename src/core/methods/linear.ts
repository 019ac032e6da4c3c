/** `linear`: weighted average of the models (mergekit merge_methods/linear.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { checkInputs, globalBool, perModelNumber } from "./tensor-utils.ts";
import { normalizeParam, WEIGHT } from "./param-specs.ts";

/** res = Σ w_i T_i, divided by Σ w_i when normalize (no zero guard: Σw = 0 gives inf/NaN, as in mergekit). */
function reference(inputs: MethodInputs): Float32Array {
  const n = checkInputs("linear", inputs, { base: "unused", min: 1 });
  const ws = inputs.models.map((_, i) => perModelNumber("linear", inputs, i, "weight"));
  const div = globalBool(inputs, "normalize", true) ? ws.reduce((a, b) => a + b, 0) : 1;
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < ws.length; i++) s += ws[i] * inputs.models[i][j];
    out[j] = s / div;
  }
  return out;
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
