/**
 * End-to-end merges of the testbed family through the real path: recipe -> plan (Node) ->
 * merge worker in headless Chromium -> Range reads from the local Hub server -> WebGPU kernels
 * -> OPFS shards -> files on disk. Every output tensor must equal the TS reference merge.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { openBrowserMerge, type BrowserMerge } from "../src/cli/browser-merge.ts";
import { planRecipeFile, type PlannedRecipe } from "../src/cli/plan-recipe-file.ts";
import { parseSafetensorsFile } from "../src/core/safetensors/parse-file.ts";
import { startTestHub, type TestHub } from "../src/test-hub/hub-server.ts";
import type { MergeEvent } from "../src/workers/merge.api.ts";
import { compareWithReference, HAVE_TESTBED, TESTBED, tempDir, writeRecipe } from "./merge-support.ts";

test.describe.configure({ mode: "serial", timeout: 180_000 });
// These specs drive their own Chromium (openBrowserMerge); fixture traces/screenshots add nothing.
test.use({ trace: "off", screenshot: "off" });
// A missing testbed is a failure, never a silent skip.
test.beforeAll(() => {
  if (!HAVE_TESTBED) throw new Error(`the testbed family is missing at ${TESTBED}; put shared/ beside the checkout or set TESTBED_DIR`);
});

let hub: TestHub;
let browser: BrowserMerge;
const work = tempDir("methods");

test.beforeAll(async () => {
  hub = await startTestHub({ orgs: { testbed: TESTBED } });
  browser = await openBrowserMerge();
});
test.afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

const dirOf = (repo: string): string => join(TESTBED, repo.replace(/^testbed\//, ""));

async function mergeRecipe(name: string, yaml: string, maxShardBytes?: number): Promise<{ planned: PlannedRecipe; out: string; files: string[] }> {
  const planned = await planRecipeFile(writeRecipe(work, name, yaml), { hubUrl: hub.url, token: null, maxShardBytes });
  if (planned.plan === null) throw new Error(`plan failed: ${planned.diagnostics.map((d) => d.message).join("; ")}`);
  const done = await browser.start({ plan: planned.plan, recipeText: planned.recipeText, sources: planned.sources, hubUrl: hub.url });
  const out = join(work, `out-${name}`);
  const files = await browser.pullFiles(done.jobId, out);
  return { planned: planned as PlannedRecipe, out, files };
}

const TASKS = (params: (i: number) => string): string =>
  ["task_a", "task_b"].map((m, i) => `  - model: testbed/${m}\n    parameters: {${params(i)}}`).join("\n");

test("linear, sharded: tensors match the reference; index, config, tokenizer, card and recipe are written", async () => {
  const yaml = `merge_method: linear\nmodels:\n${TASKS((i) => `weight: ${[0.7, 0.3][i]}`)}\ndtype: bfloat16\n`;
  const { planned, out, files } = await mergeRecipe("linear", yaml, 700_000);
  const plan = planned.plan;
  expect(plan.shards.length).toBeGreaterThan(1);
  expect(compareWithReference(plan, out, dirOf)).toEqual([]);
  expect(files).toEqual(expect.arrayContaining(["model.safetensors.index.json", "config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "mergekit_config.yml", "README.md", ...plan.shards.map((s) => s.fileName)]));
  const index = JSON.parse(readFileSync(join(out, "model.safetensors.index.json"), "utf8"));
  expect(Object.keys(index.weight_map).sort()).toEqual(plan.tensors.map((t) => t.name).sort());
  expect(index.metadata.total_size).toBe(plan.totals.outputBytes);
  for (const s of plan.shards) expect(parseSafetensorsFile(new Uint8Array(readFileSync(join(out, s.fileName)))).metadata).toEqual({ format: "pt" });
  expect(readFileSync(join(out, "mergekit_config.yml"), "utf8")).toBe(yaml);
  expect(readFileSync(join(out, "tokenizer.json"))).toEqual(readFileSync(join(TESTBED, "task_a", "tokenizer.json")));
  const card = readFileSync(join(out, "README.md"), "utf8");
  expect(card).toMatch(/^---\nbase_model:\n- testbed\/task_a\n- testbed\/task_b\nbase_model_relation: merge\nlibrary_name: transformers\ntags:\n- mergekit\n- merge\n---\n/);
  expect(card).toContain(yaml.trimEnd());
});

test("slerp matches the reference", async () => {
  const yaml = `merge_method: slerp\nbase_model: testbed/task_a\nmodels:\n  - model: testbed/task_a\n  - model: testbed/task_b\nparameters:\n  t: 0.35\ndtype: bfloat16\n`;
  const { planned, out } = await mergeRecipe("slerp", yaml);
  expect(compareWithReference(planned.plan, out, dirOf)).toEqual([]);
});

test("ties matches the reference", async () => {
  const yaml = `merge_method: ties\nbase_model: testbed/base\nmodels:\n${TASKS((i) => `weight: ${[1.0, 0.8][i]}, density: ${[0.5, 0.4][i]}`)}\nparameters:\n  normalize: true\ndtype: bfloat16\n`;
  const { planned, out } = await mergeRecipe("ties", yaml);
  expect(compareWithReference(planned.plan, out, dirOf)).toEqual([]);
});

test("dare_ties matches the reference (same counter-based masks)", async () => {
  const yaml = `merge_method: dare_ties\nbase_model: testbed/base\nmodels:\n${TASKS((i) => `weight: ${[0.6, 0.5][i]}, density: ${[0.7, 0.5][i]}`)}\ndtype: bfloat16\n`;
  const { planned, out } = await mergeRecipe("dare_ties", yaml);
  expect(compareWithReference(planned.plan, out, dirOf)).toEqual([]);
});

test("passthrough frankenmerge stacks layers and matches the reference", async () => {
  const yaml = `slices:\n  - sources:\n      - model: testbed/task_a\n        layer_range: [0, 3]\n  - sources:\n      - model: testbed/task_b\n        layer_range: [1, 4]\nmerge_method: passthrough\ndtype: bfloat16\n`;
  const { planned, out } = await mergeRecipe("passthrough", yaml);
  const plan = planned.plan;
  expect(plan.tensors.filter((t) => t.name.endsWith("self_attn.q_proj.weight"))).toHaveLength(6);
  expect(JSON.parse(readFileSync(join(out, "config.json"), "utf8")).num_hidden_layers).toBe(6);
  expect(compareWithReference(plan, out, dirOf)).toEqual([]);
});

test("pause holds the merge between tensors and resume finishes it", async () => {
  const events: MergeEvent[] = [];
  const b = await openBrowserMerge({ onEvent: (e) => events.push(e) });
  try {
    const yaml = `merge_method: linear\nmodels:\n${TASKS((i) => `weight: ${[0.5, 0.5][i]}`)}\ndtype: bfloat16\n`;
    const p = await planRecipeFile(writeRecipe(work, "pause", yaml), { hubUrl: hub.url, token: null });
    if (p.plan === null) throw new Error("plan failed");
    const tensorsDone = (): number => events.filter((e) => e.type === "tensor-done").length;
    const run = b.start({ plan: p.plan, recipeText: p.recipeText, sources: p.sources, hubUrl: hub.url });
    await expect.poll(tensorsDone, { timeout: 60_000, intervals: [20] }).toBeGreaterThanOrEqual(3);
    await b.page.evaluate(() => window.mergeHarness.pause());
    await new Promise((r) => setTimeout(r, 500)); // the unit in flight when pausing may still land
    const atPause = tensorsDone();
    await new Promise((r) => setTimeout(r, 2000));
    expect(tensorsDone()).toBe(atPause);
    expect(atPause).toBeLessThan(p.plan.tensors.length);
    await b.page.evaluate(() => window.mergeHarness.resume());
    const done = await run;
    expect(done.files.some((f) => f.name === "model.safetensors")).toBe(true);
    expect(tensorsDone()).toBe(p.plan.tensors.length);
  } finally {
    await b.close();
  }
});
