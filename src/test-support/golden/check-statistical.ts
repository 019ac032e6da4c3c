/**
 * The statistical checker for random cases (DARE, DELLA), as golden/README.md specifies:
 * untouched positions equal the base, a count test per model, a rank-trend test (DELLA), and a
 * scale test (every kept entry scaled by one common, L1-rescaled factor).
 */
import type { CheckResult } from "./check-exact.ts";
import type { GoldenStatistical } from "./manifest.ts";

/** Keep probability of each position of one model's task vector (0 where δ = 0). */
export function keepProbabilities(st: GoldenStatistical, k: number, delta: Float64Array, shape: readonly number[]): Float64Array {
  const { density, epsilon = 0 } = st.models[k];
  const p = new Float64Array(delta.length);
  if (st.sparsifier === "bernoulli") {
    for (let j = 0; j < delta.length; j++) p[j] = delta[j] !== 0 ? density : 0;
    return p;
  }
  const rowLen = shape.length === 0 ? 1 : shape[shape.length - 1];
  for (let r = 0; r < delta.length; r += rowLen) {
    // Rank ascending by |δ|, 1-based, zeros lowest; only nonzero entries matter below.
    const idx = Array.from({ length: rowLen }, (_, i) => r + i).sort((a, b) => Math.abs(delta[a]) - Math.abs(delta[b]));
    idx.forEach((j, rank0) => {
      if (delta[j] !== 0) p[j] = density - epsilon + (2 * epsilon * rank0) / Math.max(rowLen - 1, 1);
    });
  }
  return p;
}

/** Run every statistical check of a case; `out` is the method's output (decoded values). */
export function checkStatistical(
  st: GoldenStatistical,
  shape: readonly number[],
  models: Float32Array[],
  base: Float32Array,
  out: Float32Array,
): CheckResult {
  const n = base.length;
  const problems: string[] = [];
  const notes: string[] = [];
  const deltas = models.map((m) => {
    const d = new Float64Array(n);
    for (let j = 0; j < n; j++) d[j] = m[j] - base[j];
    return d;
  });
  for (let j = 0; j < n; j++) {
    if (deltas.every((d) => d[j] === 0) && out[j] !== base[j]) {
      problems.push(`position ${j} has no task-vector entry but output ${out[j]} != base ${base[j]}`);
      break;
    }
  }
  const wsum = st.models.reduce((a, m) => a + m.weight, 0);
  deltas.forEach((d, k) => {
    const p = keepProbabilities(st, k, d, shape);
    const zk: number[] = [];
    for (let j = 0; j < n; j++) if (d[j] !== 0) zk.push(j);
    const kept = (j: number) => out[j] !== base[j];
    let mu = 0;
    let v = 0;
    let nk = 0;
    let l1z = 0;
    let l1k = 0;
    for (const j of zk) {
      mu += p[j];
      v += p[j] * (1 - p[j]);
      l1z += Math.abs(d[j]);
      if (kept(j)) {
        nk++;
        l1k += Math.abs(d[j]);
      }
    }
    const z = Math.abs(nk - mu) / Math.sqrt(Math.max(v, 1e-30));
    notes.push(`model ${k}: kept ${nk}/${zk.length} (expected ${mu.toFixed(1)}, z ${z.toFixed(2)})`);
    if (Math.abs(nk - mu) > st.z_max * Math.sqrt(v)) problems.push(`model ${k}: count test failed, z = ${z.toFixed(2)} > ${st.z_max}`);
    if (st.trend_test) {
      const sorted = [...zk].sort((a, b) => p[a] - p[b]);
      const h = Math.floor(sorted.length / 2);
      const lo = sorted.slice(0, h);
      const hi = sorted.slice(sorted.length - h);
      const sum = (xs: number[], f: (j: number) => number) => xs.reduce((a, j) => a + f(j), 0);
      const diff = sum(hi, (j) => (kept(j) ? 1 : 0)) - sum(lo, (j) => (kept(j) ? 1 : 0));
      const want = sum(hi, (j) => p[j]) - sum(lo, (j) => p[j]);
      const sd = Math.sqrt(sum(hi, (j) => p[j] * (1 - p[j])) + sum(lo, (j) => p[j] * (1 - p[j])));
      if (Math.abs(diff - want) > st.z_max * sd) {
        problems.push(`model ${k}: rank-trend test failed: kept(hi)-kept(lo) = ${diff}, expected ${want.toFixed(1)} ± ${(st.z_max * sd).toFixed(1)}`);
      }
    }
    const w = st.models[k].weight;
    const c = st.rescale && l1k > 0 ? l1z / l1k : 1;
    const div = st.normalize ? (st.consensus ? w : wsum) : 1;
    const s = (st.lambda * w * c) / div;
    let worst = 0;
    for (const j of zk) {
      if (!kept(j)) continue;
      const rel = Math.abs((out[j] - base[j]) / d[j] - s) / Math.abs(s);
      if (rel > worst) worst = rel;
    }
    if (worst > st.scale_rtol) problems.push(`model ${k}: scale test failed, kept entries deviate from factor ${s.toPrecision(6)} by up to rel ${worst.toExponential(2)} > ${st.scale_rtol}`);
  });
  return problems.length === 0
    ? { ok: true, message: notes.join("; ") }
    : { ok: false, message: `${problems.join("; ")} (${notes.join("; ")})` };
}
