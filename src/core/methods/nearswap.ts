/** `nearswap`: moves the base toward the other model where the two are already close (mergekit merge_methods/nearswap.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { checkInputs, globalNumber } from "./tensor-utils.ts";

/** w = clamp(t / max(|base - other|, 1e-6), 0, 1); out = w*other + (1-w)*base, elementwise. */
function reference(inputs: MethodInputs): Float32Array {
  const n = checkInputs("nearswap", inputs, { base: "required", min: 1, max: 1 });
  const base = inputs.base as Float32Array;
  const other = inputs.models[0];
  const t = globalNumber("nearswap", inputs, "t");
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const w = Math.min(1, Math.max(0, t / Math.max(Math.abs(base[j] - other[j]), 1e-6)));
    out[j] = w * other[j] + (1 - w) * base[j];
  }
  return out;
}

/** Spec of mergekit's `nearswap` method. */
export const nearswap: MethodSpec = {
  name: "nearswap",
  pretty: "NearSwap",
  reference_url: "https://huggingface.co/alchemonaut/QuartetAnemoi-70B-t0.0001",
  base: "required",
  globalParams: [
    { name: "t", kind: "float", required: true, min: 0, max: 1, doc: "Similarity threshold: where |base - other| <= t the other model is taken fully." },
  ],
  perModelParams: [],
  models: { min: 1, max: 1 },
  reference,
};
