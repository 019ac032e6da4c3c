import { describe, expect, test } from "vitest";
import { Template } from "@huggingface/jinja";
import {
  applyEmbeddingRemap,
  buildOutputTokenizer,
  outputTokenizerFiles,
  planEmbeddingRemap,
  resolveChatTemplate,
  stripTokenizer,
  tokenizerVocab,
  withVocabSize,
  BUILTIN_CHAT_TEMPLATES,
  type TokenizerJson,
} from "./index.ts";

/** A BPE tokenizer.json with the given plain pieces (ids in order) and added tokens after them. */
function bpe(pieces: string[], added: string[] = [], special = true): TokenizerJson {
  const vocab = Object.fromEntries(pieces.map((p, i) => [p, i]));
  return {
    model: { type: "BPE", vocab, merges: [] },
    added_tokens: added.map((content, k) => ({ id: pieces.length + k, content, special, normalized: false, lstrip: false, rstrip: false, single_word: false })),
  };
}

/** rows x hidden matrix whose row r is [base + r, base + r + 0.5]. */
function matrix(rows: number, base: number): Float32Array {
  const m = new Float32Array(rows * 2);
  for (let r = 0; r < rows; r++) m.set([base + r, base + r + 0.5], r * 2);
  return m;
}
const row = (m: Float32Array, r: number) => Array.from(m.subarray(r * 2, r * 2 + 2));

const base = { ref: "org/base", tokenizer: bpe(["a", "b", "c"], ["<s>"]), vocabSize: 4 };
const chat = { ref: "org/chat", tokenizer: bpe(["a", "b", "d"], ["<s>", "<|im_start|>"]), vocabSize: 5 };

describe("output vocabulary", () => {
  test("union appends the other models' plain tokens, then their added tokens", () => {
    const out = buildOutputTokenizer({ baseRef: base.ref, models: [base, chat], source: { kind: "union" } });
    expect([...out.vocab].sort((x, y) => x[1] - y[1])).toEqual([["a", 0], ["b", 1], ["c", 2], ["<s>", 3], ["d", 4], ["<|im_start|>", 5]]);
    expect(Array.from(out.permutations.get(base.ref)!)).toEqual([0, 1, 2, 3, -1, -1]);
    expect(Array.from(out.permutations.get(chat.ref)!)).toEqual([0, 1, -1, 3, 2, 4]);
    // The special flag of an added token survives; a plain token is added as non-special.
    const added = out.tokenizer.added_tokens!;
    expect(added.find((t) => t.content === "<|im_start|>")!.special).toBe(true);
    expect(added.find((t) => t.content === "d")!.special).toBe(false);
  });

  test("base keeps the base vocabulary; a model source uses that model's", () => {
    const b = buildOutputTokenizer({ baseRef: base.ref, models: [base, chat], source: { kind: "base" } });
    expect(b.vocab.size).toBe(4);
    const m = buildOutputTokenizer({ baseRef: base.ref, models: [base, chat], source: { kind: "model", ref: chat.ref } });
    expect(m.vocab.get("<|im_start|>")).toBe(4);
    expect(Array.from(m.permutations.get(base.ref)!)).toEqual([0, 1, -1, 3, -1]);
  });

  test("tokens past the model's vocab_size are stripped from the base and ignored elsewhere", () => {
    const padded = { ...base, vocabSize: 3 }; // <s> (id 3) has no embedding row
    const out = buildOutputTokenizer({ baseRef: padded.ref, models: [padded, chat], source: { kind: "union" } });
    // <s> leaves the stripped base; "d" is appended first, then <s> comes back from chat's added tokens.
    expect(out.vocab.get("d")).toBe(3);
    expect(out.vocab.get("<s>")).toBe(4);
    expect(out.permutations.get(padded.ref)![4]).toBe(-1);
    expect(out.permutations.get(chat.ref)![4]).toBe(3);
    expect(stripTokenizer(base.tokenizer, 2, "t").model.vocab).toEqual({ a: 0, b: 1 });
  });

  test("tokens named in the tokens block are added when missing", () => {
    const out = buildOutputTokenizer({ baseRef: base.ref, models: [base, chat], source: { kind: "base" }, addTokens: ["<tool>", "a"] });
    expect(out.vocab.get("<tool>")).toBe(4);
    expect(out.vocab.get("a")).toBe(0);
  });

  test("a non-BPE tokenizer with ids past vocab_size is refused with a reason", () => {
    const unigram: TokenizerJson = { model: { type: "Unigram", vocab: [["a", 0], ["b", 0]] } };
    expect(() => stripTokenizer(unigram, 1, "tokenizer of x")).toThrow(/only BPE tokenizers can be trimmed/);
  });
});

describe("embedding remap", () => {
  const out = buildOutputTokenizer({ baseRef: base.ref, models: [base, chat], source: { kind: "union" } });
  const B = matrix(4, 100);
  const C = matrix(5, 200);

  test("own rows where present; single-owner rows elsewhere; padding is the mean of real rows", () => {
    const remap = planEmbeddingRemap({ output: out, models: [base.ref, chat.ref], baseRef: base.ref, padToMultipleOf: 4 });
    expect(remap.rows).toBe(8);
    const eb = applyEmbeddingRemap(remap, 0, [B, C], 2);
    const ec = applyEmbeddingRemap(remap, 1, [B, C], 2);
    // base: a b c <s> are its own rows; d and <|im_start|> only exist in chat -> chat's rows.
    expect([0, 1, 2, 3, 4, 5].map((r) => row(eb, r))).toEqual([row(B, 0), row(B, 1), row(B, 2), row(B, 3), row(C, 2), row(C, 4)]);
    // chat: c only exists in base -> base's row 2.
    expect(row(ec, 2)).toEqual(row(B, 2));
    expect(row(ec, 4)).toEqual(row(C, 2));
    const mean = [0, 1].map((j) => [0, 1, 2, 3, 4, 5].reduce((s, r) => s + eb[r * 2 + j], 0) / 6);
    for (const r of [6, 7]) row(eb, r).forEach((v, j) => expect(v).toBeCloseTo(mean[j], 4));
  });

  test("a token two non-base models share is averaged; force and explicit sources override", () => {
    const third = { ref: "org/third", tokenizer: bpe(["a", "d"], []), vocabSize: 2 };
    const o = buildOutputTokenizer({ baseRef: base.ref, models: [base, chat, third], source: { kind: "union" } });
    const T = matrix(2, 300);
    const remap = planEmbeddingRemap({
      output: o,
      models: [base.ref, chat.ref, third.ref],
      baseRef: base.ref,
      tokens: {
        a: { source: { kind: "zero" }, force: true },
        "<|im_start|>": { source: { kind: "model_token", ref: chat.ref, token: "<s>" } },
      },
    });
    const eb = applyEmbeddingRemap(remap, 0, [B, C, T], 2);
    const d = o.vocab.get("d")!;
    expect(row(eb, d)).toEqual([(row(C, 2)[0] + row(T, 1)[0]) / 2, (row(C, 2)[1] + row(T, 1)[1]) / 2]);
    expect(row(eb, o.vocab.get("a")!)).toEqual([0, 0]); // forced even though base has "a"
    expect(row(eb, o.vocab.get("<|im_start|>")!)).toEqual(row(C, 3)); // chat's <s> row
  });

  test("bad token configs say what to fix", () => {
    expect(() => planEmbeddingRemap({ output: out, models: [base.ref, chat.ref], baseRef: base.ref, tokens: { c: { source: { kind: "model", ref: chat.ref } } } })).toThrow(
      /model org\/chat does not have this token/,
    );
    expect(() =>
      planEmbeddingRemap({ output: out, models: [base.ref, chat.ref], baseRef: base.ref, tokens: { c: { source: { kind: "model_token", ref: chat.ref } } } }),
    ).toThrow(/exactly one of token or token_id/);
    expect(() => planEmbeddingRemap({ output: out, models: [base.ref, chat.ref], baseRef: base.ref, tokens: { c: { source: { kind: "model", ref: "org/nope" } } } })).toThrow(
      /not one of the merged models/,
    );
  });
});

describe("output files and chat templates", () => {
  test("tokenizer_config gets the added tokens and the template; config.json the vocab size", () => {
    const out = buildOutputTokenizer({ baseRef: base.ref, models: [base, chat], source: { kind: "union" } });
    const files = outputTokenizerFiles({ output: out, donorTokenizerConfig: { model_max_length: 128 }, chatTemplate: resolveChatTemplate("chatml") });
    const cfg = JSON.parse(files["tokenizer_config.json"]);
    expect(cfg.model_max_length).toBe(128);
    expect(cfg.added_tokens_decoder["5"].content).toBe("<|im_start|>");
    expect(cfg.chat_template).toBe(BUILTIN_CHAT_TEMPLATES.chatml);
    expect(tokenizerVocab(JSON.parse(files["tokenizer.json"])).get("d")).toBe(4);
    expect(withVocabSize({ vocab_size: 4, hidden_size: 2 }, 8)).toEqual({ vocab_size: 8, hidden_size: 2 });
  });

  const msgs = [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Hi" },
    { role: "assistant", content: "Hello" },
  ];
  const render = (name: string, messages = msgs) =>
    new Template(resolveChatTemplate(name)!).render({ messages, add_generation_prompt: true, bos_token: "<s>", eos_token: "</s>" });

  test("built-in templates render the documented prompt formats", () => {
    expect(render("chatml")).toBe("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello<|im_end|>\n<|im_start|>assistant\n");
    expect(render("llama3")).toBe(
      "<s><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>\n<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>\n" +
        "<|start_header_id|>assistant<|end_header_id|>\n\nHello<|eot_id|>\n<|start_header_id|>assistant<|end_header_id|>\n\n",
    );
    expect(render("mistral", msgs.slice(0, 2))).toBe("<s> [INST] Be brief.\n\nHi [/INST]");
    expect(render("alpaca", msgs.slice(0, 2))).toBe("Be brief.\n\n### Instruction:\nHi### Response:\n");
    expect(render("exaone", msgs.slice(1, 2))).toBe("[|system|][|endofturn|]\n[|user|]Hi\n[|assistant|]");
  });

  test("auto picks the most common template; junk is rejected", () => {
    expect(resolveChatTemplate("auto", ["{{x}} long template A....", "{{y}} template B.........", "{{y}} template B........."])).toBe("{{y}} template B.........");
    expect(resolveChatTemplate("auto", [null, undefined])).toBeNull();
    expect(() => resolveChatTemplate("chatm")).toThrow(/neither a built-in/);
    expect(resolveChatTemplate(undefined)).toBeNull();
  });
});
