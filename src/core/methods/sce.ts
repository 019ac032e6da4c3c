/** `sce`: Select by variance, Calculate mean-square weights, Erase minority signs (mergekit merge_methods/sce.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { INT8_MASK } from "./param-specs.ts";

function reference(_inputs: MethodInputs): Float32Array {
  throw new Error("sce: reference not implemented yet");
}

/** Spec of mergekit's `sce` method. */
export const sce: MethodSpec = {
  name: "sce",
  pretty: "SCE",
  reference_url: "https://arxiv.org/abs/2408.07990",
  base: "required",
  globalParams: [
    INT8_MASK,
    { name: "select_topk", kind: "float", default: 1.0, required: false, min: 0, max: 1, doc: "Fraction of positions with the highest cross-model variance to keep." },
  ],
  perModelParams: [],
  models: { min: 1 },
  reference,
};
