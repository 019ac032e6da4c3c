/** `sce`: Select by variance, Calculate mean-square weights, Erase minority signs (mergekit merge_methods/sce.py). */
import type { MethodInputs, MethodSpec } from "./types.ts";
import { checkInputs, globalNumber, subtract } from "./tensor-utils.ts";
import { INT8_MASK } from "./param-specs.ts";

/**
 * Select: with select_topk < 1 keep only the int(select_topk · #nonzero-variance) positions of
 * highest cross-model (population) variance. Calculate: model weight s_i = mean(δ_i²), normalized.
 * Erase: TIES sign election on the unweighted deltas (zero sum elects +). Merge: Σ δ_i s_i e_i /
 * max(Σ s_i e_i, 1e-6) per element. Per-model weight/density are ignored, as in mergekit.
 */
function reference(inputs: MethodInputs): Float32Array {
  const n = checkInputs("sce", inputs, { base: "required", min: 1 });
  const base = inputs.base as Float32Array;
  const deltas = inputs.models.map((m) => subtract(m, base));
  const k = deltas.length;
  const topk = globalNumber("sce", inputs, "select_topk", 1);
  if (topk < 1) {
    const variance = new Float64Array(n);
    let nonzero = 0;
    for (let j = 0; j < n; j++) {
      let mean = 0;
      for (const d of deltas) mean += d[j];
      mean /= k;
      let v = 0;
      for (const d of deltas) v += (d[j] - mean) ** 2;
      variance[j] = v / k;
      if (variance[j] !== 0) nonzero++;
    }
    const keepCount = topk <= 0 ? 0 : Math.trunc(topk * nonzero);
    const keep = new Uint8Array(n);
    const idx = Array.from({ length: n }, (_, j) => j).sort((a, b) => variance[b] - variance[a] || a - b);
    for (let i = 0; i < keepCount; i++) keep[idx[i]] = 1;
    for (const d of deltas) for (let j = 0; j < n; j++) if (!keep[j]) d[j] *= 0;
  }
  let s = deltas.map((d) => d.reduce((a, x) => a + x * x, 0) / n);
  const ssum = s.reduce((a, b) => a + b, 0);
  s = Math.abs(ssum) < 1e-6 ? s.map(() => 1 / k) : s.map((x) => x / ssum);
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    let total = 0;
    for (const d of deltas) total += d[j];
    const majority = total >= 0 ? 1 : -1;
    let num = 0;
    let den = 0;
    deltas.forEach((d, i) => {
      const ew = Math.sign(d[j]) === majority ? s[i] : 0;
      num += d[j] * ew;
      den += ew;
    });
    out[j] = base[j] + num / Math.max(den, 1e-6);
  }
  return out;
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
