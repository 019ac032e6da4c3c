import { describe, expect, it } from "vitest";
import { createLocalModelSource } from "../model-source/local-model-source";
import type { ModelReference, Recipe } from "../recipe/types";
import { loadPlanModels } from "./load-plan-models";
import { planMerge } from "./plan-merge";
import { asLocalFiles, buildTestModel, type TestModelSpec } from "./testing/build-test-model";

const ref = (path: string): ModelReference => ({ model: { path } });
const enc = new TextEncoder();

/** A hand-made BPE tokenizer.json: `base` plain tokens t0..t{base-1}, then the added tokens. */
function tokenizerJson(base: number, added: string[]): string {
  const vocab = Object.fromEntries(Array.from({ length: base }, (_, i) => [`t${i}`, i]));
  const addedTokens = added.map((content, k) => ({ id: base + k, content, special: true, normalized: false, lstrip: false, rstrip: false, single_word: false }));
  return JSON.stringify({ version: "1.0", added_tokens: addedTokens, model: { type: "BPE", vocab, merges: [] } });
}

function model(spec: TestModelSpec, added: string[], chatTemplate?: string): Map<string, Uint8Array> {
  const files = buildTestModel(spec);
  const base = (spec.vocab ?? 32) - added.length;
  files.set("tokenizer.json", enc.encode(tokenizerJson(base, added)));
  files.set("tokenizer_config.json", enc.encode(JSON.stringify({ bos_token: "t0", ...(chatTemplate ? { chat_template: chatTemplate } : {}) })));
  files.set("special_tokens_map.json", enc.encode("{}"));
  files.set("chat_template.jinja", enc.encode("{{ old }}"));
  return files;
}

const CHAT = ["<|im_start|>", "<|im_end|>"];
const models: Record<string, Map<string, Uint8Array>> = {
  a: model({ layers: 1, vocab: 32 }, []),
  chat: model({ layers: 1, vocab: 34 }, CHAT, "{{ chat }}"),
  tied: model({ layers: 1, vocab: 34, tiedEmbeddings: true }, CHAT),
};

async function plan(recipe: Recipe) {
  const counter = { reads: 0, bytes: 0 };
  const inputs = await loadPlanModels(recipe, (r) => {
    const name = "path" in r.model ? r.model.path : "?";
    const files = models[name];
    if (!files) throw new Error(`no test model ${name}`);
    return Promise.resolve(createLocalModelSource(name, name, asLocalFiles(files, counter)));
  });
  return { plan: planMerge(recipe, inputs), counter };
}

const linear = (extra: Partial<Recipe>, names = ["a", "chat"]): Recipe => ({
  merge_method: "linear", models: names.map((n) => ({ model: ref(n), parameters: { weight: 1 } })), ...extra,
});

describe("plan tokenizer step", () => {
  it("tokenizer_source: union gives embeddings the union's rows, no crop, and vocab_size = rows", async () => {
    const { plan: p, counter } = await plan(linear({ tokenizer_source: "union" }));
    expect(p.report.ok).toBe(true);
    expect(p.tokenizer?.vocabRows).toBe(34);
    const embeds = p.tensors.filter((t) => t.isEmbed);
    expect(embeds.map((t) => [t.name, t.shape, t.crop])).toEqual([["model.embed_tokens.weight", [34, 16], undefined], ["lm_head.weight", [34, 16], undefined]]);
    expect(embeds[0]?.byteSize).toBe(34 * 16 * 2);
    expect(p.config["vocab_size"]).toBe(34);
    // Output tokenizer files come from the plan, not from the donor.
    expect(p.copies.map((c) => c.path)).not.toContain("tokenizer.json");
    expect(p.copies.map((c) => c.path)).not.toContain("tokenizer_config.json");
    expect(p.copies.map((c) => c.path)).toContain("special_tokens_map.json");
    const out = JSON.parse(p.tokenizer?.files["tokenizer.json"] ?? "{}") as { added_tokens: { id: number; content: string }[] };
    expect(out.added_tokens.map((t) => [t.id, t.content])).toEqual([[32, "<|im_start|>"], [33, "<|im_end|>"]]);
    // Model a lacks the chat tokens: rows come from the only model that has them (model 1).
    const a = p.tokenizer?.sources[0] ?? [];
    expect(a.slice(30, 32)).toEqual([30, 31]);
    const defaultOf = (s: number | undefined) => p.tokenizer?.defaults[-1 - (s ?? 0)];
    expect([defaultOf(a[32]), defaultOf(a[33])]).toEqual([{ kind: "row", from: { model: 1, row: 32 } }, { kind: "row", from: { model: 1, row: 33 } }]);
    expect(p.tokenizer?.sources[1]?.slice(30)).toEqual([30, 31, 32, 33]);
    const missing = p.report.problems.find((x) => x.code === "tokens-missing");
    expect(missing?.message).toContain("'a' lacks 2 token(s)");
    expect(missing?.message).toContain("<|im_start|>");
    expect(p.report.problems.some((x) => x.code === "vocab-mismatch")).toBe(false);
    // The plan round-trips through JSON (it crosses to a worker).
    expect(JSON.parse(JSON.stringify(p.tokenizer))).toEqual(p.tokenizer);
    expect(counter.bytes).toBeGreaterThan(0);
  });

  it("tokenizer_source: base keeps the base vocabulary; pad_to_multiple_of pads rows", async () => {
    const { plan: base } = await plan(linear({ tokenizer_source: "base", base_model: ref("a") }));
    expect(base.tokenizer?.rows).toBe(32);
    expect(base.tensors.find((t) => t.name === "lm_head.weight")?.shape).toEqual([32, 16]);
    const { plan: padded } = await plan(linear({ tokenizer: { source: "union", pad_to_multiple_of: 8 } }));
    expect(padded.tokenizer?.rows).toBe(40);
    expect(padded.tokenizer?.vocabRows).toBe(34);
    expect(padded.config["vocab_size"]).toBe(40);
    expect(padded.tensors.find((t) => t.name === "model.embed_tokens.weight")?.shape).toEqual([40, 16]);
  });

  it("tokenizer.tokens with force and a model_token source set the default row", async () => {
    const { plan: p } = await plan(linear({ tokenizer: { source: "union", tokens: { "<|im_end|>": { source: { kind: "model_token", model: ref("a"), token: "t1" }, force: true } } } }));
    expect(p.report.ok).toBe(true);
    const d = p.tokenizer?.defaults ?? [];
    const endRow = p.tokenizer?.sources[1]?.[33] ?? 0;
    expect(endRow).toBeLessThan(0);
    expect(d[-1 - endRow]).toEqual({ kind: "row", from: { model: 0, row: 1 } });
  });

  it("a bad token source is a plan error pointing at the tokenizer key", async () => {
    const { plan: p } = await plan(linear({ tokenizer: { tokens: { "<|im_end|>": { source: { kind: "model", model: ref("a") } } } } }));
    const err = p.report.problems.find((x) => x.code === "tokenizer-plan-failed");
    expect(err?.severity).toBe("error");
    expect(err?.path).toEqual(["tokenizer"]);
    expect(p.report.ok).toBe(false);
  });

  it("tied embeddings: lm_head comes from embed_tokens of the tied model and gets the union rows", async () => {
    const { plan: p } = await plan(linear({ tokenizer_source: "union" }, ["a", "tied"]));
    const head = p.tensors.find((t) => t.name === "lm_head.weight");
    expect(head?.sources.map((s) => s.tensorName)).toEqual(["lm_head.weight", "model.embed_tokens.weight"]);
    expect(head?.shape).toEqual([34, 16]);
    const { plan: none } = await plan(linear({ tokenizer_source: "union" }, ["tied"]));
    expect(none.tensors.some((t) => t.name === "lm_head.weight")).toBe(false);
  });

  it("without a tokenizer setting embeddings are cropped and the report says how to keep the tokens", async () => {
    const { plan: p } = await plan(linear({}));
    expect(p.tokenizer).toBeUndefined();
    expect(p.copies.map((c) => c.path)).toContain("chat_template.jinja");
    expect(p.tensors.find((t) => t.name === "model.embed_tokens.weight")?.crop).toEqual([32, 16]);
    const warn = p.report.problems.find((x) => x.code === "vocab-mismatch" && x.message.includes("different vocabularies"));
    expect(warn?.message).toContain("a: 32 vs chat: 34");
    expect(warn?.message).toContain("cropped to 32 rows");
    expect(p.copies.map((c) => c.path)).toContain("tokenizer.json");
  });

  it("chat_template alone rewrites the donor's tokenizer_config.json instead of copying it", async () => {
    const { plan: p } = await plan(linear({ chat_template: "chatml", base_model: ref("a") }));
    expect(p.tokenizer).toBeUndefined();
    const cfg = JSON.parse(p.generatedFiles?.["tokenizer_config.json"] ?? "{}") as Record<string, unknown>;
    expect(cfg["bos_token"]).toBe("t0");
    expect(String(cfg["chat_template"])).toContain("<|im_start|>");
    expect(p.copies.map((c) => c.path)).not.toContain("tokenizer_config.json");
    expect(p.copies.map((c) => c.path)).toContain("tokenizer.json");
    // The donor's chat_template.jinja would shadow the recipe's template in transformers.
    expect(p.copies.map((c) => c.path)).not.toContain("chat_template.jinja");
    const { plan: auto } = await plan(linear({ chat_template: "auto" }));
    expect(JSON.parse(auto.generatedFiles?.["tokenizer_config.json"] ?? "{}").chat_template).toBe("{{ chat }}");
  });
});
