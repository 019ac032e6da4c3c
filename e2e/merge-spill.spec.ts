/**
 * Bounded memory for whole-tensor methods, on the real path (local Hub server, merge worker in
 * headless Chromium, OPFS): with a memory budget smaller than the testbed's big tensors, ties
 * spills them to scratch files (a "tensor-spilled" event each, no over-memory-budget warning),
 * merges them tile by tile, and writes shards byte-identical to a run that held them whole;
 * scratch is gone afterwards, including a stale file left in the job folder before the run.
 * A spilled merge cancelled mid-way resumes in the same worker to the same shards.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { openBrowserMerge, type BrowserMerge } from "../src/cli/browser-merge.ts";
import { planRecipeFile, type PlannedRecipe } from "../src/cli/plan-recipe-file.ts";
import { startTestHub, type TestHub } from "../src/test-hub/hub-server.ts";
import type { MergeEvent } from "../src/workers/merge.api.ts";
import { compareWithReference, HAVE_TESTBED, TESTBED, tempDir, writeRecipe } from "./merge-support.ts";

test.describe.configure({ mode: "serial", timeout: 240_000 });
test.use({ trace: "off", screenshot: "off" });
// A missing testbed is a failure, never a silent skip.
test.beforeAll(() => {
  if (!HAVE_TESTBED) throw new Error(`the testbed family is missing at ${TESTBED}; put shared/ beside the checkout or set TESTBED_DIR`);
});

/** Below the 393 KB an MLP tensor of the testbed needs whole (3 BF16 inputs + output), and the 265 KB of an embedding. */
const TINY_BUDGET = 200_000;

const RECIPE = `merge_method: ties
base_model: testbed/base
models:
  - model: testbed/task_a
    parameters: {weight: 1.0, density: 0.5}
  - model: testbed/task_b
    parameters: {weight: 0.7, density: 0.6}
parameters:
  normalize: true
dtype: bfloat16
`;

let hub: TestHub;
let browser: BrowserMerge;
const events: MergeEvent[] = [];
const work = tempDir("spill");
const dirOf = (repo: string): string => join(TESTBED, repo.replace(/^testbed\//, ""));

test.beforeAll(async () => {
  hub = await startTestHub({ orgs: { testbed: TESTBED } });
  browser = await openBrowserMerge({ onEvent: (e) => events.push(e) });
});
test.afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

async function plan(name: string, yaml: string): Promise<PlannedRecipe> {
  const p = await planRecipeFile(writeRecipe(work, name, yaml), { hubUrl: hub.url, token: null, maxShardBytes: 700_000 });
  if (p.plan === null) throw new Error(p.diagnostics.map((d) => d.message).join("; "));
  return p as PlannedRecipe;
}

/**
 * Merge with every earlier job cleared (nothing is resumed), optionally after planting a stale
 * scratch file into job `staleFor`; pull the files. Returns the job id and the run's events.
 */
async function merge(p: PlannedRecipe, out: string, memoryBudgetBytes?: number, staleFor?: string): Promise<{ jobId: string; events: MergeEvent[] }> {
  const from = events.length;
  for (const j of await browser.listJobs()) await browser.page.evaluate((id) => window.mergeHarness.clearJob(id), j.jobId);
  if (staleFor) await plantStaleScratch(staleFor);
  const done = await browser.start({ plan: p.plan, recipeText: p.recipeText, sources: p.sources, hubUrl: hub.url, memoryBudgetBytes });
  await browser.pullFiles(done.jobId, out);
  return { jobId: done.jobId, events: events.slice(from) };
}

/** Entries of merges/<jobId>/scratch in the page's OPFS, or null when the folder is absent. */
function scratchEntries(jobId: string): Promise<string[] | null> {
  return browser.page.evaluate(async (id) => {
    const root = await navigator.storage.getDirectory();
    const job = await (await root.getDirectoryHandle("merges")).getDirectoryHandle(id);
    let dir: FileSystemDirectoryHandle;
    try {
      dir = await job.getDirectoryHandle("scratch");
    } catch {
      return null;
    }
    const names: string[] = [];
    for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
    return names;
  }, jobId);
}

/** Put a stale scratch file (as a crash would leave) into the job's folder before it runs. */
function plantStaleScratch(jobId: string): Promise<void> {
  return browser.page.evaluate(async (id) => {
    const root = await navigator.storage.getDirectory();
    const merges = await root.getDirectoryHandle("merges", { create: true });
    const scratch = await (await merges.getDirectoryHandle(id, { create: true })).getDirectoryHandle("scratch", { create: true });
    const w = await (await scratch.getFileHandle("stale.bin", { create: true })).createWritable();
    await w.write(new Uint8Array(1000).fill(0xab));
    await w.close();
  }, jobId);
}

test("ties under a tiny memory budget spills its big tensors and writes the same shards as a whole-tensor run", async () => {
  const p = await plan("ties", RECIPE);
  const whole = await merge(p, join(work, "out-whole"));
  expect(whole.events.filter((e) => e.type === "tensor-spilled")).toEqual([]);

  // Same plan and recipe, so the same job id: the stale file sits where this run's scratch goes.
  const spilledRun = await merge(p, join(work, "out-spilled"), TINY_BUDGET, whole.jobId);
  expect(spilledRun.jobId).toBe(whole.jobId);
  const spilled = spilledRun.events.filter((e): e is Extract<MergeEvent, { type: "tensor-spilled" }> => e.type === "tensor-spilled");
  const big = p.plan.tensors.filter((t) => t.sources.reduce((s, src) => s + src.byteRange[1] - src.byteRange[0], 0) + t.byteSize > TINY_BUDGET).map((t) => t.name);
  expect(big.length).toBeGreaterThan(10);
  expect(spilled.map((e) => e.name).sort()).toEqual([...big].sort());
  // Scratch holds every source once: inputs, not the output (that streams into the shard).
  const inputBytes = new Map(p.plan.tensors.map((t) => [t.name, t.sources.reduce((s, src) => s + src.byteRange[1] - src.byteRange[0], 0)]));
  for (const e of spilled) expect(e.scratchBytes, e.name).toBe(inputBytes.get(e.name));
  expect(spilledRun.events.filter((e) => e.type === "warning")).toEqual([]);
  expect(spilledRun.events.filter((e) => e.type === "tensor-done")).toHaveLength(p.plan.tensors.length);
  for (const s of p.plan.shards) {
    const a = readFileSync(join(work, "out-whole", s.fileName));
    const b = readFileSync(join(work, "out-spilled", s.fileName));
    expect(b.equals(a), `${s.fileName} differs between the spilled and the whole-tensor run`).toBe(true);
  }
  expect(compareWithReference(p.plan, join(work, "out-spilled"), dirOf)).toEqual([]);
  expect(await scratchEntries(spilledRun.jobId)).toEqual([]);
});

test("a spilled merge cancelled mid-way resumes in the same worker (scratch locks released) to the same shards", async () => {
  const p = await plan("ties", RECIPE);
  for (const j of await browser.listJobs()) await browser.page.evaluate((id) => window.mergeHarness.clearJob(id), j.jobId);
  const from = events.length;
  const first = browser.start({ plan: p.plan, recipeText: p.recipeText, sources: p.sources, hubUrl: hub.url, memoryBudgetBytes: TINY_BUDGET }).then(() => null, (e: unknown) => e);
  // Cancel once a few spilled tensors are done: the next one is staged or merging from scratch.
  await expect.poll(() => events.slice(from).filter((e) => e.type === "tensor-spilled").length, { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  await browser.page.evaluate(() => window.mergeHarness.cancel());
  expect(((await first) as { code?: string } | null)?.code).toBe("CANCELLED");
  const doneBefore = events.slice(from).filter((e) => e.type === "tensor-done").length;
  expect(doneBefore).toBeLessThan(p.plan.tensors.length);

  // Same worker: a scratch handle left open by the cancelled run would make this start fail.
  const resumed = await browser.start({ plan: p.plan, recipeText: p.recipeText, sources: p.sources, hubUrl: hub.url, memoryBudgetBytes: TINY_BUDGET });
  expect(events.slice(from).find((e) => e.type === "resumed")).toMatchObject({ tensorsDone: doneBefore });
  const out = join(work, "out-resumed");
  await browser.pullFiles(resumed.jobId, out);
  for (const s of p.plan.shards) {
    expect(readFileSync(join(out, s.fileName)).equals(readFileSync(join(work, "out-whole", s.fileName))), `${s.fileName} differs from the whole-tensor run`).toBe(true);
  }
  expect(await scratchEntries(resumed.jobId)).toEqual([]);
});
