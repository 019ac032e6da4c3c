/**
 * End-to-end tokenizer merge (tokenizer: union + pad_to_multiple_of) of two models with different
 * vocabularies through the real path: plan (Node) -> merge worker in headless Chromium -> Range
 * reads from the local Hub -> embedding remap -> WebGPU linear -> files on disk. The embedding
 * rows are checked against a hand-computed expectation (mergekit PermutedEmbeddings).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { openBrowserMerge, type BrowserMerge } from "../src/cli/browser-merge.ts";
import { planRecipeFile } from "../src/cli/plan-recipe-file.ts";
import { parseSafetensorsFile } from "../src/core/safetensors/parse-file.ts";
import { serializeSafetensors } from "../src/core/safetensors/build-header.ts";
import { decodeTensorToF32, encodeF32ToTensor } from "../src/core/safetensors/tensor-codec.ts";
import { startTestHub, type TestHub } from "../src/test-hub/hub-server.ts";
import { compareWithReference, HAVE_TESTBED, TESTBED, tempDir, writeRecipe } from "./merge-support.ts";

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ trace: "off", screenshot: "off" });
// A missing testbed is a failure, never a silent skip.
test.beforeAll(() => {
  if (!HAVE_TESTBED) throw new Error(`the testbed family is missing at ${TESTBED}; put shared/ beside the checkout or set TESTBED_DIR`);
});

const CHAT = ["<|im_start|>", "<|im_end|>"];
const work = tempDir("tokenizer");
const variants = join(work, "variants");
let hub: TestHub;
let browser: BrowserMerge;

type Tensors = Map<string, { shape: number[]; values: Float32Array }>;

function readModel(dir: string): Tensors {
  const bytes = new Uint8Array(readFileSync(join(dir, "model.safetensors")));
  const header = parseSafetensorsFile(bytes);
  const out: Tensors = new Map();
  for (const t of header.tensors) out.set(t.name, { shape: t.shape, values: decodeTensorToF32(bytes.subarray(header.dataStart + t.dataOffsets[0], header.dataStart + t.dataOffsets[1]), t.dtype, t.name) });
  return out;
}

/** task_a plus two added chat tokens: tokenizer files, vocab_size 261 and 261-row embed/lm_head. */
function writeChatVariant(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const src = join(TESTBED, "task_a");
  for (const f of ["generation_config.json", "special_tokens_map.json"]) copyFileSync(join(src, f), join(dir, f));
  const tok = JSON.parse(readFileSync(join(src, "tokenizer.json"), "utf8")) as { added_tokens: object[] };
  tok.added_tokens.push(...CHAT.map((content, k) => ({ id: 259 + k, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })));
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(tok));
  writeFileSync(join(dir, "tokenizer_config.json"), readFileSync(join(src, "tokenizer_config.json")));
  const config = JSON.parse(readFileSync(join(src, "config.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(join(dir, "config.json"), JSON.stringify({ ...config, vocab_size: 261 }));
  const tensors = [...readModel(src)].map(([name, t]) => {
    if (name !== "model.embed_tokens.weight" && name !== "lm_head.weight") return { name, shape: t.shape, values: t.values };
    const hidden = t.shape[1];
    const grown = new Float32Array(261 * hidden);
    grown.set(t.values);
    // Distinct, bf16-exact rows for the two new tokens.
    for (let j = 0; j < 2 * hidden; j++) grown[259 * hidden + j] = ((j % 9) - 4) * 0.125 * (name === "lm_head.weight" ? -1 : 1);
    return { name, shape: [261, hidden], values: grown };
  });
  writeFileSync(join(dir, "model.safetensors"), serializeSafetensors(tensors.map((t) => ({ name: t.name, dtype: "BF16" as const, shape: t.shape, data: encodeF32ToTensor(t.values, "BF16") }))));
}

test.beforeAll(async () => {
  writeChatVariant(join(variants, "task_a_chat"));
  hub = await startTestHub({ orgs: { testbed: TESTBED, variants } });
  browser = await openBrowserMerge();
});
test.afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

const dirOf = (repo: string): string => (repo.endsWith("task_a_chat") ? join(variants, "task_a_chat") : join(TESTBED, repo.replace(/^testbed\//, "")));

test("tokenizer union: chat-token rows come from the only model that has them, padding rows are the mean", async () => {
  const yaml = "merge_method: linear\nmodels:\n  - model: testbed/task_b\n    parameters: {weight: 1}\n  - model: variants/task_a_chat\n    parameters: {weight: 1}\ntokenizer:\n  source: union\n  pad_to_multiple_of: 8\nchat_template: chatml\ndtype: bfloat16\n";
  const planned = await planRecipeFile(writeRecipe(work, "union", yaml), { hubUrl: hub.url, token: null });
  if (planned.plan === null) throw new Error(`plan failed: ${planned.diagnostics.map((d) => d.message).join("; ")}`);
  const plan = planned.plan;
  expect(plan.tokenizer?.vocabRows).toBe(261);
  expect(plan.tokenizer?.rows).toBe(264);
  const done = await browser.start({ plan, recipeText: planned.recipeText, sources: planned.sources, hubUrl: hub.url });
  const out = join(work, "out-union");
  const files = await browser.pullFiles(done.jobId, out);
  expect(files).toEqual(expect.arrayContaining(["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "config.json"]));

  // Every non-embedding tensor is the plain linear merge.
  expect(compareWithReference({ ...plan, tensors: plan.tensors.filter((t) => !t.isEmbed) }, out, dirOf)).toEqual([]);

  const config = JSON.parse(readFileSync(join(out, "config.json"), "utf8")) as Record<string, unknown>;
  expect(config["vocab_size"]).toBe(264);
  const tok = JSON.parse(readFileSync(join(out, "tokenizer.json"), "utf8")) as { added_tokens: { id: number; content: string }[] };
  expect(tok.added_tokens.filter((t) => CHAT.includes(t.content)).map((t) => [t.id, t.content])).toEqual([[259, CHAT[0]], [260, CHAT[1]]]);
  expect(String((JSON.parse(readFileSync(join(out, "tokenizer_config.json"), "utf8")) as Record<string, unknown>)["chat_template"])).toContain("<|im_start|>");

  const merged = readModel(out);
  const b = readModel(join(TESTBED, "task_b"));
  const v = readModel(join(variants, "task_a_chat"));
  for (const name of ["model.embed_tokens.weight", "lm_head.weight"]) {
    const got = merged.get(name)!;
    const hidden = got.shape[1];
    expect(got.shape).toEqual([264, hidden]);
    const bv = b.get(name)!.values;
    const vv = v.get(name)!.values;
    // Hand-computed: task_b lacks the chat tokens, so its rows 259/260 are the variant's; each
    // model's padding rows are the mean of its 261 real rows; linear averages the two.
    const bRows = new Float32Array(261 * hidden);
    bRows.set(bv);
    bRows.set(vv.subarray(259 * hidden, 261 * hidden), 259 * hidden);
    const expected = new Float32Array(264 * hidden);
    for (let j = 0; j < hidden; j++) {
      let mb = 0;
      let mv = 0;
      for (let r = 0; r < 261; r++) {
        mb += bRows[r * hidden + j];
        mv += vv[r * hidden + j];
        expected[r * hidden + j] = (bRows[r * hidden + j] + vv[r * hidden + j]) / 2;
      }
      for (let r = 261; r < 264; r++) expected[r * hidden + j] = (mb / 261 + mv / 261) / 2;
    }
    const want = decodeTensorToF32(encodeF32ToTensor(expected, "BF16"), "BF16");
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got.values[i]) - 2 ** -7 * Math.abs(want[i]));
    expect(worst, `${name}: largest error beyond bf16 rounding`).toBeLessThanOrEqual(1e-6);
    // The chat rows are exactly the variant's rows (+ 0 folds -0 into 0: (-0 + -0) / 2 is -0 but the GPU may give 0).
    const plus0 = (a: Float32Array): number[] => Array.from(a, (x) => x + 0);
    expect(plus0(got.values.subarray(259 * hidden, 261 * hidden))).toEqual(plus0(vv.subarray(259 * hidden, 261 * hidden)));
  }
});
