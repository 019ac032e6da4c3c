/** `nearswap`: moves the base toward the other model where the two are already close (mergekit merge_methods/nearswap.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";

function reference(_inputs: MethodInputs): Float32Array {
  throw new Error("nearswap: reference not implemented yet");
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
