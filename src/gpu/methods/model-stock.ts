/**
 * model_stock (mergekit merge_methods/model_stock.py): t = N cos / (1 + (N-1) cos) from the mean
 * pairwise cosine of the task vectors (whole tensor, or per row with filter_wise), then
 * t * mean(models) + (1 - t) * base. Cosines in f64 from GPU sums; final pass ops/combine.wgsl.
 */
import { globalBool, requireBase, requireModels } from "./params.ts";
import { gramMatrix } from "./gram.ts";
import { wholeTensor, writeCombination } from "./combine-run.ts";
import type { GpuMethod } from "./types.ts";

export const modelStock: GpuMethod = {
  name: "model_stock",
  kernels: ["ops/reduce.wgsl", "ops/combine.wgsl"],
  contextOptions: () => ({ delta: true, scratchPerModel: 0, scratch: 1 }),
  async run(ctx) {
    requireBase(ctx);
    requireModels(ctx, 1);
    const n = ctx.n;
    if (n === 1) return writeCombination(ctx, wholeTensor([0], 1));
    const mode = globalBool(ctx, "filter_wise", false) ? "rows" : "all";
    const g = await gramMatrix(ctx, false, mode);
    const coef = new Float32Array(g.segments * (n + 1));
    for (let s = 0; s < g.segments; s++) {
      let sum = 0;
      let pairs = 0;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const denom = Math.max(Math.sqrt(Math.max(0, g.get(s, i, i))) * Math.sqrt(Math.max(0, g.get(s, j, j))), 1e-6);
          sum += Math.min(1, Math.max(-1, g.get(s, i, j) / denom));
          pairs++;
        }
      }
      const cos = sum / pairs;
      const t = (n * cos) / (1 + (n - 1) * cos);
      for (let i = 0; i < n; i++) coef[s * (n + 1) + i] = t / n;
      coef[s * (n + 1) + n] = 1;
    }
    await writeCombination(ctx, { mode, coef });
  },
};
