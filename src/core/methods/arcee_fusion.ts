/** `arcee_fusion`: takes the other model where its change from the base is important (KL-weighted) (mergekit merge_methods/arcee_fusion.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";

function reference(_inputs: MethodInputs): Float32Array {
  throw new Error("arcee_fusion: reference not implemented yet");
}

/** Spec of mergekit's `arcee_fusion` method. */
export const arceeFusion: MethodSpec = {
  name: "arcee_fusion",
  pretty: "Arcee Fusion",
  reference_url: "https://www.arcee.ai/blog/meet-mergekit-v0-1-arcee-fusion-expanded-model-support-multi-gpu-acceleration",
  base: "required",
  globalParams: [],
  perModelParams: [],
  models: { min: 1, max: 1 },
  reference,
};
