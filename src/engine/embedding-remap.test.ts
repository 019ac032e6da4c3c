import { describe, expect, it } from "vitest";
import { encodeBf16 } from "../core/numeric/bf16.ts";
import type { MergePlan, PlannedSource, PlannedTensor } from "../core/plan/types.ts";
import type { TokenizerPlan } from "../core/tokenizer/index.ts";
import { fetchRemappedUnit, remapsEmbedding } from "./embedding-remap.ts";
import { EngineError } from "./errors.ts";
import type { SourceReader } from "./types.ts";
import { planWorkUnits } from "./work-units.ts";

const HIDDEN = 2;
// Model 0 has 3 tokens, model 1 has 4 (one added token, id 3); output = 4 tokens padded to 5 rows.
const tokenizer: TokenizerPlan = {
  vocabRows: 4, rows: 5, defaults: [{ kind: "row", from: { model: 1, row: 3 } }],
  sources: { 0: [0, 1, 2, -1], 1: [0, 1, 2, 3] }, files: {}, missing: [{ model: 0, count: 1, examples: ["<x>"] }],
};
const m0 = Float32Array.from([1, 2, 3, 4, 5, 6]);
const m1 = Float32Array.from([10, 20, 30, 40, 50, 60, 70, 80]);

function reader(values: Float32Array): SourceReader {
  const bytes = new Uint8Array(encodeBf16(values).buffer);
  return {
    readRange: (_file: string, start: number, end: number) => Promise.resolve(bytes.slice(start, end)),
    readFile: () => Promise.reject(new Error("not used")),
  };
}

const source = (modelIndex: number, rows: number, role: "model" | "base" = "model"): PlannedSource => ({
  modelIndex, role, tensorName: "model.embed_tokens.weight", file: "model.safetensors", byteRange: [0, rows * HIDDEN * 2], dtype: "BF16", shape: [rows, HIDDEN],
});

function planWith(sources: PlannedSource[]): { plan: MergePlan; tensor: PlannedTensor } {
  const tensor: PlannedTensor = {
    name: "model.embed_tokens.weight", shape: [5, HIDDEN], dtype: "BF16", mergeDtype: "BF16", method: "linear", sources,
    global: {}, perModel: sources.map(() => ({ weight: 1 })), seed: 0, layerIndex: null, isEmbed: true, shard: 0, offset: 0, byteSize: 5 * HIDDEN * 2,
  };
  const plan = { models: [{}, {}], tokenizer, tensors: [tensor] } as unknown as MergePlan;
  return { plan, tensor };
}

describe("engine embedding remap", () => {
  it("rebuilds each source on the output vocabulary: own rows, the only holder's row, mean padding", async () => {
    const { plan, tensor } = planWith([source(0, 3), source(1, 4)]);
    expect(remapsEmbedding(plan, tensor)).toBe(true);
    const units = planWorkUnits(plan.tensors, () => false, 8, (t) => remapsEmbedding(plan, t));
    expect(units).toHaveLength(1);
    expect(units[0]?.memBytes).toBe(3 * 4 + 4 * 4 + 5 * HIDDEN * 2);
    const got = await fetchRemappedUnit(units[0]!, [reader(m0), reader(m1)], plan);
    expect(got.bytesRead).toBe(3 * 4 + 4 * 4);
    const a = new Float32Array(got.models[0]!.bytes.slice().buffer);
    // Rows 0-2 own, row 3 from model 1 (70, 80), row 4 = mean of rows 0-3 of the remapped matrix.
    expect(Array.from(a)).toEqual([1, 2, 3, 4, 5, 6, 70, 80, (1 + 3 + 5 + 70) / 4, (2 + 4 + 6 + 80) / 4]);
    const b = new Float32Array(got.models[1]!.bytes.slice().buffer);
    expect(Array.from(b)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 40, 50]);
    expect(got.models[0]?.dtype).toBe("F32");
  });

  it("refuses a default row from a model that is not a source of the tensor", async () => {
    const { plan } = planWith([source(0, 3)]);
    const units = planWorkUnits(plan.tensors, () => false, 1 << 20, (t) => remapsEmbedding(plan, t));
    await expect(fetchRemappedUnit(units[0]!, [reader(m0), reader(m1)], plan)).rejects.toThrow(/row 3 of model #1/);
    await expect(fetchRemappedUnit(units[0]!, [reader(m0), reader(m1)], plan)).rejects.toBeInstanceOf(EngineError);
  });
});
