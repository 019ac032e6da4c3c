/** `model_stock`: moves the models' average toward the base by the angle between their task vectors (mergekit merge_methods/model_stock.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { checkInputs, globalBool } from "./tensor-utils.ts";

/**
 * cos = mean over model pairs of the clamped cosine between their task vectors (per row with
 * filter_wise, else whole tensor); t = N cos / (1 + (N-1) cos); out = t·mean(models) + (1-t)·base.
 * No guard for 1 + (N-1)cos = 0, as in mergekit.
 */
function reference(inputs: MethodInputs): Float32Array {
  const n = checkInputs("model_stock", inputs, { base: "required", min: 2 });
  const base = inputs.base as Float32Array;
  const shape = inputs.shape;
  const rowLen = globalBool(inputs, "filter_wise", false) && shape.length >= 1 ? shape[shape.length - 1] : n;
  const offs = inputs.models.map((m) => Float64Array.from(m, (x, j) => x - base[j]));
  const N = offs.length;
  const out = new Float32Array(n);
  for (let r = 0; r < n; r += rowLen) {
    const nrm = offs.map((o) => {
      let s = 0;
      for (let j = r; j < r + rowLen; j++) s += o[j] * o[j];
      return Math.sqrt(s);
    });
    let cosSum = 0;
    let pairs = 0;
    for (let a = 0; a < N; a++) {
      for (let b = a + 1; b < N; b++) {
        let d = 0;
        for (let j = r; j < r + rowLen; j++) d += offs[a][j] * offs[b][j];
        cosSum += Math.min(1, Math.max(-1, d / Math.max(nrm[a] * nrm[b], 1e-6)));
        pairs++;
      }
    }
    const cos = cosSum / pairs;
    const t = (N * cos) / (1 + (N - 1) * cos);
    for (let j = r; j < r + rowLen; j++) {
      let avg = 0;
      for (const m of inputs.models) avg += m[j];
      out[j] = (t * avg) / N + (1 - t) * base[j];
    }
  }
  return out;
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
