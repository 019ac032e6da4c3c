import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { applyEmbeddingRemap, planTokenizer, remapFromPlan, tokenizerVocab, type TokenizerJson } from "./index.ts";

const testbed = join(process.cwd(), "..", "shared", "testbed");
const read = (model: string, file: string) => readFileSync(join(testbed, model, file), "utf8");

describe("planTokenizer on the testbed tokenizer", () => {
  const baseJson = read("base", "tokenizer.json");
  // A fine-tune that added two chat tokens after the 259 byte-level + special tokens.
  const chatTok = JSON.parse(baseJson) as TokenizerJson;
  chatTok.added_tokens = [
    ...(chatTok.added_tokens ?? []),
    { id: 259, content: "<|im_start|>", special: true, normalized: false, lstrip: false, rstrip: false, single_word: false },
    { id: 260, content: "<|im_end|>", special: true, normalized: false, lstrip: false, rstrip: false, single_word: false },
  ];
  const models = [
    { ref: "testbed/base", tokenizerJson: baseJson, tokenizerConfig: read("base", "tokenizer_config.json"), vocabSize: 259 },
    { ref: "testbed/chat", tokenizerJson: JSON.stringify(chatTok), tokenizerConfig: read("task_a", "tokenizer_config.json"), vocabSize: 261 },
  ];

  test("union adds the chat tokens, pads, and takes their rows from the only model that has them", () => {
    const plan = planTokenizer({ models, baseIndex: 0, donorIndex: 0, hasBaseModel: true, source: { kind: "union" }, padToMultipleOf: 8, chatTemplate: "chatml" });
    expect(plan.vocabRows).toBe(261);
    expect(plan.rows).toBe(264);
    expect(plan.missing).toEqual([{ model: 0, count: 2, examples: ["<|im_start|>", "<|im_end|>"] }]);
    const out = JSON.parse(plan.files["tokenizer.json"]) as TokenizerJson;
    expect(tokenizerVocab(out).get("<|im_end|>")).toBe(260);
    expect(JSON.parse(plan.files["tokenizer_config.json"]).chat_template).toContain("<|im_start|>");

    const hidden = 3;
    const base = Float32Array.from({ length: 259 * hidden }, (_, i) => i);
    const chat = Float32Array.from({ length: 261 * hidden }, (_, i) => -i);
    const remap = remapFromPlan(plan, 2);
    const b = applyEmbeddingRemap(remap, 0, [base, chat], hidden);
    expect(Array.from(b.subarray(259 * hidden, 261 * hidden))).toEqual(Array.from(chat.subarray(259 * hidden, 261 * hidden)));
    expect(Array.from(b.subarray(0, 259 * hidden))).toEqual(Array.from(base));
  });
});
