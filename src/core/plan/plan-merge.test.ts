import { describe, expect, it } from "vitest";
import { createLocalModelSource } from "../model-source/local-model-source";
import { readModelHeaders } from "../model-source/read-model-headers";
import type { ModelReference, Recipe } from "../recipe/types";
import { modelKey } from "../recipe/model-ref";
import { planMerge, type PlanModelInput } from "./plan-merge";
import { asLocalFiles, buildTestModel, type TestModelSpec } from "./testing/build-test-model";

const ref = (path: string): ModelReference => ({ model: { path } });

async function load(specs: Record<string, TestModelSpec>, counter = { reads: 0, bytes: 0 }): Promise<PlanModelInput[]> {
  return Promise.all(
    Object.entries(specs).map(async ([name, spec]) => {
      const source = createLocalModelSource(name, name, asLocalFiles(buildTestModel(spec), counter));
      return { key: modelKey(ref(name)), info: source.describe(), headers: await readModelHeaders(source, 256) };
    }),
  );
}

describe("planMerge", () => {
  it("plans a TIES merge: every tensor from every model, base last, params resolved per layer", async () => {
    const models = await load({ a: { layers: 3 }, b: { layers: 3 }, base: { layers: 3 } });
    const recipe: Recipe = {
      merge_method: "ties", base_model: ref("base"),
      models: [{ model: ref("a"), parameters: { weight: 1, density: [0, 1] } }, { model: ref("b"), parameters: { weight: 0.5, density: 0.3 } }],
    };
    const plan = planMerge(recipe, models);
    expect(plan.report.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(plan.tensors).toHaveLength(1 + 3 * 4 + 2);
    const q1 = plan.tensors.find((t) => t.name === "model.layers.1.self_attn.q_proj.weight");
    expect(q1?.sources.map((s) => [s.modelIndex, s.role])).toEqual([[0, "model"], [1, "model"], [2, "base"]]);
    // gradient [0, 1] over 3 layers: layer 1 is halfway.
    expect(q1?.perModel).toEqual([{ weight: 1, density: 0.5 }, { weight: 0.5, density: 0.3 }]);
    expect(q1?.global["normalize"]).toBe(true);
    // embeddings use t = 0.
    expect(plan.tensors[0]?.perModel[0]?.["density"]).toBe(0);
    // byte ranges point at the tensor data: header length + offset, size = numel * 2.
    const src = q1?.sources[0];
    expect(src && src.byteRange[1] - src.byteRange[0]).toBe(16 * 16 * 2);
    expect(plan.config["num_hidden_layers"]).toBe(3);
    expect(plan.report.layerMap).toHaveLength(3);
  });

  it("renumbers layers of a passthrough frankenmerge and rewrites num_hidden_layers", async () => {
    const models = await load({ a: { layers: 4 }, b: { layers: 4 } });
    const recipe: Recipe = {
      merge_method: "passthrough",
      slices: [{ sources: [{ model: ref("a"), layer_range: [0, 3] }] }, { sources: [{ model: ref("b"), layer_range: [1, 4] }] }],
    };
    const plan = planMerge(recipe, models);
    expect(plan.report.ok).toBe(true);
    expect(plan.config["num_hidden_layers"]).toBe(6);
    const l3 = plan.tensors.find((t) => t.name === "model.layers.3.input_layernorm.weight");
    expect(l3?.sources).toHaveLength(1);
    expect(l3?.sources[0]?.modelIndex).toBe(1);
    expect(l3?.sources[0]?.tensorName).toBe("model.layers.1.input_layernorm.weight");
    expect(plan.tensors[0]?.sources[0]?.modelIndex).toBe(0); // embeddings from the first slice
    expect(plan.tensors.at(-1)?.sources[0]?.modelIndex).toBe(1); // lm_head from the last slice
    expect(plan.report.layerMap.map((l) => l.sources[0]?.inputLayer)).toEqual([0, 1, 2, 1, 2, 3]);
  });

  it("reports a shape mismatch, an out-of-range layer_range and a missing base as errors with fixes", async () => {
    const models = await load({ a: { layers: 2 }, b: { layers: 2, shapeOverride: { "model.layers.1.self_attn.q_proj.weight": [16, 8] } } });
    const plan = planMerge({ merge_method: "linear", models: [{ model: ref("a"), parameters: { weight: 1 } }, { model: ref("b"), parameters: { weight: 1 } }] }, models);
    const mismatch = plan.report.problems.find((p) => p.code === "shape-mismatch");
    expect(mismatch?.tensor).toBe("model.layers.1.self_attn.q_proj.weight");
    expect(mismatch?.modelIndex).toBe(1);
    expect(mismatch?.message).toContain("[16, 16]");
    expect(mismatch?.message).toContain("[16, 8]");
    expect(mismatch?.fix.length).toBeGreaterThan(10);
    expect(plan.report.ok).toBe(false);

    const bad = planMerge({ merge_method: "passthrough", slices: [{ sources: [{ model: ref("a"), layer_range: [0, 5] }] }] }, models);
    const range = bad.report.problems.find((p) => p.code === "layer-range-out-of-bounds");
    expect(range?.path).toEqual(["slices", 0, "sources", 0, "layer_range"]);
    expect(range?.message).toContain("2 layers");
    const noBase = planMerge({ merge_method: "ties", models: [{ model: ref("a"), parameters: { weight: 1 } }] }, models);
    expect(noBase.report.problems.map((p) => p.code)).toContain("missing-base-model");
  });

  it("crops embeddings of different vocab sizes for linear and warns", async () => {
    const models = await load({ a: { layers: 1, vocab: 32 }, b: { layers: 1, vocab: 40 } });
    const plan = planMerge({ merge_method: "linear", models: [{ model: ref("a"), parameters: { weight: 1 } }, { model: ref("b"), parameters: { weight: 1 } }] }, models);
    expect(plan.report.ok).toBe(true);
    expect(plan.tensors[0]?.shape).toEqual([32, 16]);
    expect(plan.tensors[0]?.crop).toEqual([32, 16]);
    expect(plan.tensors.filter((t) => t.isEmbed).map((t) => t.name)).toEqual(["model.embed_tokens.weight", "lm_head.weight"]);
    expect(plan.report.problems.filter((p) => p.code === "vocab-mismatch").length).toBeGreaterThan(0);
    const withTokenizer = planMerge({ merge_method: "linear", tokenizer_source: "base", chat_template: "chatml", models: [{ model: ref("a"), parameters: { weight: 1 } }, { model: ref("b"), parameters: { weight: 1 } }] }, models);
    // Planned without tokenizer files (loadPlanModels reads them when the recipe needs them).
    expect(withTokenizer.report.problems.map((p) => p.code)).toContain("tokenizer-not-read");
  });

  it("uses embed_tokens for models with tied embeddings when another model has lm_head", async () => {
    const models = await load({ a: { layers: 1 }, b: { layers: 1, tiedEmbeddings: true } });
    const plan = planMerge({ merge_method: "linear", models: [{ model: ref("a"), parameters: { weight: 1 } }, { model: ref("b"), parameters: { weight: 1 } }] }, models);
    const head = plan.tensors.find((t) => t.name === "lm_head.weight");
    expect(head?.sources.map((s) => s.tensorName)).toEqual(["lm_head.weight", "model.embed_tokens.weight"]);
  });

  it("splits output into shards under the cap with consistent offsets, and reads headers with <= 2 reads per shard", async () => {
    const counter = { reads: 0, bytes: 0 };
    const models = await load({ a: { layers: 4, shards: 4 } }, counter);
    // config + index + (1 or 2) per shard
    expect(counter.reads).toBeLessThanOrEqual(2 + 2 * 4);
    const plan = planMerge({ merge_method: "passthrough", models: [{ model: ref("a") }], dtype: "float32" }, models, { maxShardBytes: 4000 });
    expect(plan.shards.length).toBeGreaterThan(1);
    expect(plan.shards[0]?.fileName).toBe(`model-00001-of-0000${plan.shards.length}.safetensors`);
    for (const [i, shard] of plan.shards.entries()) {
      const ts = plan.tensors.filter((t) => t.shard === i);
      expect(shard.byteSize).toBe(ts.reduce((a, t) => a + t.byteSize, 0));
      expect(shard.byteSize <= 4000 || ts.length === 1).toBe(true);
      ts.forEach((t, k) => expect(t.offset).toBe(ts.slice(0, k).reduce((a, x) => a + x.byteSize, 0)));
    }
    expect(plan.tensors.every((t) => t.dtype === "F32")).toBe(true);
    expect(plan.config["torch_dtype"]).toBe("float32");
    expect(plan.copies.map((c) => c.path)).toEqual(["tokenizer_config.json", "tokenizer.json"]);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it("restarts gradients in every output slice and reports missing required parameters", async () => {
    const models = await load({ a: { layers: 4 }, b: { layers: 4 } });
    const recipe: Recipe = {
      merge_method: "linear", parameters: { weight: [0, 1] },
      slices: [
        { sources: [{ model: ref("a"), layer_range: [0, 2] }, { model: ref("b"), layer_range: [0, 2] }] },
        { sources: [{ model: ref("a"), layer_range: [2, 4] }, { model: ref("b"), layer_range: [2, 4] }] },
      ],
    };
    const plan = planMerge(recipe, models);
    expect(plan.report.ok).toBe(true);
    const weights = [0, 1, 2, 3].map((l) => plan.tensors.find((t) => t.name === `model.layers.${l}.input_layernorm.weight`)?.perModel[0]?.["weight"]);
    expect(weights).toEqual([0, 1, 0, 1]);
    expect(plan.config["num_hidden_layers"]).toBe(4);

    const missing = planMerge({ merge_method: "linear", models: [{ model: ref("a") }, { model: ref("b"), parameters: { weight: 1 } }] }, models);
    const problem = missing.report.problems.find((p) => p.code === "missing-parameter");
    expect(problem?.severity).toBe("error");
    expect(problem?.message).toContain("weight");
    expect(problem?.message).toContain("(and ");
  });

  it("refuses to mix known architectures but infers one when any model is unknown", async () => {
    const models = await load({ a: { layers: 2 }, b: { layers: 2 } });
    const asMistral = { ...models[1], headers: { ...models[1]!.headers, config: { ...models[1]!.headers.config, architectures: ["MistralForCausalLM"] } } } as PlanModelInput;
    const recipe: Recipe = { merge_method: "linear", models: [{ model: ref("a"), parameters: { weight: 1 } }, { model: ref("b"), parameters: { weight: 1 } }] };
    expect(planMerge(recipe, [models[0]!, asMistral]).report.problems.map((p) => p.code)).toContain("architecture-mismatch");
    const unknown = { ...asMistral, headers: { ...asMistral.headers, config: { architectures: ["BrandNewForCausalLM"] } } } as PlanModelInput;
    const plan = planMerge(recipe, [models[0]!, unknown]);
    expect(plan.report.ok).toBe(true);
    expect(plan.report.problems.map((p) => p.code)).toContain("auto-architecture");
    expect(plan.report.layerMap).toHaveLength(2);
    expect(plan.tensors.filter((t) => t.layerIndex === 1)).toHaveLength(4);
  });
});
