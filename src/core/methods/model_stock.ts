/** `model_stock`: moves the models' average toward the base by the angle between their task vectors (mergekit merge_methods/model_stock.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";

function reference(_inputs: MethodInputs): Float32Array {
  throw new Error("model_stock: reference not implemented yet");
}

/** Spec of mergekit's `model_stock` method. */
export const modelStock: MethodSpec = {
  name: "model_stock",
  pretty: "Model Stock",
  reference_url: "https://arxiv.org/abs/2403.19522",
  base: "required",
  globalParams: [
    { name: "filter_wise", kind: "bool", default: false, required: false, doc: "One interpolation ratio per row (filter) instead of one per tensor." },
  ],
  perModelParams: [],
  models: { min: 2 },
  reference,
};
