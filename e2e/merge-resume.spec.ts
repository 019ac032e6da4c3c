/**
 * Interruptions and storage limits on the real path (local Hub server, headless Chromium,
 * OPFS): a merge broken twice — a dropped connection, then a page reload with a persistent
 * profile — resumes from its journal and ends with shards byte-identical to an uninterrupted
 * run; a merge that cannot fit in the storage quota fails before any weight byte is fetched.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { BrowserMergeError, openBrowserMerge } from "../src/cli/browser-merge.ts";
import { planRecipeFile, type PlannedRecipe } from "../src/cli/plan-recipe-file.ts";
import { startTestHub, type TestHub } from "../src/test-hub/hub-server.ts";
import type { MergeEvent } from "../src/workers/merge.api.ts";
import { HAVE_TESTBED, TESTBED, tempDir, writeRecipe, writeSparseModel } from "./merge-support.ts";

test.describe.configure({ mode: "serial", timeout: 240_000 });
test.use({ trace: "off", screenshot: "off" });
// A missing testbed is a failure, never a silent skip.
test.beforeAll(() => {
  if (!HAVE_TESTBED) throw new Error(`the testbed family is missing at ${TESTBED}; put shared/ beside the checkout or set TESTBED_DIR`);
});

const RECIPE = `merge_method: ties
base_model: testbed/base
models:
  - model: testbed/task_a
    parameters: {weight: 1.0, density: 0.5}
  - model: testbed/task_b
    parameters: {weight: 0.7, density: 0.6}
dtype: bfloat16
`;

let hub: TestHub;
let planned: PlannedRecipe;
const work = tempDir("resume");

test.beforeAll(async () => {
  hub = await startTestHub({ orgs: { testbed: TESTBED } });
  const p = await planRecipeFile(writeRecipe(work, "ties", RECIPE), { hubUrl: hub.url, token: null, maxShardBytes: 700_000 });
  if (p.plan === null) throw new Error(p.diagnostics.map((d) => d.message).join("; "));
  planned = p as PlannedRecipe;
});
test.afterAll(async () => {
  await hub?.close();
});

const startOptions = (): Parameters<Awaited<ReturnType<typeof openBrowserMerge>>["start"]>[0] => ({
  plan: planned.plan, recipeText: planned.recipeText, sources: planned.sources, hubUrl: hub.url, fetchConcurrency: 2,
});

/** Resolves once `n` tensor-done events have arrived after the call. */
function afterTensors(events: MergeEvent[], n: number): Promise<void> {
  const start = events.filter((e) => e.type === "tensor-done").length;
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (events.filter((e) => e.type === "tensor-done").length >= start + n) {
        clearInterval(poll);
        resolve();
      }
    }, 20);
  });
}

test("a merge interrupted by a dropped connection and a page reload resumes to byte-identical shards", async () => {
  // Uninterrupted reference run, in its own profile.
  const ref = await openBrowserMerge();
  const refOut = join(work, "ref");
  try {
    const done = await ref.start(startOptions());
    await ref.pullFiles(done.jobId, refOut);
  } finally {
    await ref.close();
  }

  const events: MergeEvent[] = [];
  const profile = mkdtempSync(join(tmpdir(), "merge-e2e-profile-"));
  let b = await openBrowserMerge({ userDataDir: profile, onEvent: (e) => events.push(e) });
  try {
    // Slow every weight read a little so the interruptions land mid-merge.
    hub.faults.set({ kind: "slow", origin: "cdn", delayMs: 30, times: 1000 });

    // 1) The connection drops for good (more drops than the client's retries) mid-merge.
    const first = b.start(startOptions()).then(() => null, (e: unknown) => e);
    await afterTensors(events, 8);
    hub.faults.set({ kind: "drop", origin: "cdn", afterBytes: 0, times: 1000 });
    const err = await first;
    expect(err).toBeInstanceOf(BrowserMergeError);
    expect((err as BrowserMergeError).code).toBe("NETWORK");
    expect(hub.faults.fired.drop).toBeGreaterThan(0);
    const doneAfterDrop = events.filter((e) => e.type === "tensor-done").length;

    // 2) Connection back; resume, then reload the page mid-merge.
    hub.faults.set({ kind: "slow", origin: "cdn", delayMs: 30, times: 1000 });
    const second = b.start(startOptions()).then(() => null, (e: unknown) => e);
    await afterTensors(events, 8);
    await b.reload();
    await second;
    const resumed1 = events.filter((e): e is Extract<MergeEvent, { type: "resumed" }> => e.type === "resumed");
    expect(resumed1[0]?.tensorsDone).toBe(doneAfterDrop);

    // 3) Close the browser entirely and reopen the same profile: OPFS persisted, resume to the end.
    await b.close();
    hub.faults.clear();
    b = await openBrowserMerge({ userDataDir: profile, onEvent: (e) => events.push(e) });
    const bytesBefore = hub.stats.totalBytes;
    const done = await b.start(startOptions());
    const resumed = events.filter((e): e is Extract<MergeEvent, { type: "resumed" }> => e.type === "resumed");
    expect(resumed).toHaveLength(2);
    expect(resumed[1].tensorsDone).toBeGreaterThan(resumed[0].tensorsDone);
    // Nothing the journal vouched for had to be merged again (not even a shard renamed just
    // before the reload, whose journal entry never got written).
    expect(events.filter((e) => e.type === "warning" && e.code === "tensor-redone")).toEqual([]);
    // Finished tensors were not fetched again: this last run read less than a full merge.
    expect(hub.stats.totalBytes - bytesBefore).toBeLessThan(planned.plan.totals.bytesToFetch);

    const out = join(work, "resumed");
    await b.pullFiles(done.jobId, out);
    for (const s of planned.plan.shards) {
      expect(readFileSync(join(out, s.fileName)).equals(readFileSync(join(refOut, s.fileName))), `${s.fileName} differs from the uninterrupted run`).toBe(true);
    }
    expect(done.files.filter((f) => f.sha256).map((f) => f.name).sort()).toEqual(planned.plan.shards.map((s) => s.fileName).sort());
  } finally {
    hub.faults.clear();
    await b.close();
  }
});

test("a journaled tensor corrupted on disk is merged again and the shard still hashes right", async () => {
  const refOut = join(work, "ref-corrupt");
  const ref = await openBrowserMerge();
  try {
    await ref.pullFiles((await ref.start(startOptions())).jobId, refOut);
  } finally {
    await ref.close();
  }
  const events: MergeEvent[] = [];
  const b = await openBrowserMerge({ userDataDir: mkdtempSync(join(tmpdir(), "merge-e2e-profile-")), onEvent: (e) => events.push(e) });
  try {
    hub.faults.set({ kind: "slow", origin: "cdn", delayMs: 30, times: 1000 });
    const first = b.start(startOptions()).then(() => null, (e: unknown) => e);
    await afterTensors(events, 6);
    await b.reload();
    await first;
    hub.faults.clear();
    const jobId = events.find((e): e is Extract<MergeEvent, { type: "job" }> => e.type === "job")!.jobId;
    // Flip the last byte of the first journaled tensor of an unfinished shard, as a disk fault would.
    const hit = await b.page.evaluate(async (id) => {
      const dir = await (await (await navigator.storage.getDirectory()).getDirectoryHandle("merges")).getDirectoryHandle(id);
      const lines = (await (await (await dir.getFileHandle("journal.jsonl")).getFile()).text()).split("\n").filter(Boolean).map((l) => JSON.parse(l) as { t: string; name?: string; shard?: string; end?: number; file?: string });
      const finished = new Set(lines.filter((l) => l.t === "shard").map((l) => l.file));
      const entry = lines.find((l) => l.t === "tensor" && !finished.has(l.shard) && l.end !== undefined)!;
      const file = await dir.getFileHandle(entry.shard + ".partial");
      const at = entry.end! - 1;
      const old = new Uint8Array(await (await file.getFile()).slice(at, at + 1).arrayBuffer())[0];
      const w = await file.createWritable({ keepExistingData: true });
      await w.write({ type: "write", position: at, data: new Uint8Array([old ^ 0xff]) });
      await w.close();
      return { name: entry.name!, shard: entry.shard! };
    }, jobId);
    const done = await b.start(startOptions());
    const redone = events.filter((e): e is Extract<MergeEvent, { type: "warning" }> => e.type === "warning" && e.code === "tensor-redone").map((e) => e.tensor);
    expect(redone).toContain(hit.name);
    // Only tensors of the damaged shard can be affected.
    const shardTensors = new Set(planned.plan.shards.find((s) => s.fileName === hit.shard)!.tensors);
    expect(redone.every((n) => n !== undefined && shardTensors.has(n))).toBe(true);
    const out = join(work, "corrupt-resumed");
    await b.pullFiles(done.jobId, out);
    for (const s of planned.plan.shards) {
      expect(readFileSync(join(out, s.fileName)).equals(readFileSync(join(refOut, s.fileName))), `${s.fileName} differs from the uninterrupted run`).toBe(true);
    }
    // The recorded SHA-256 (computed while writing, continued across the resume) is the file's.
    for (const f of done.files.filter((x) => x.sha256)) {
      expect(createHash("sha256").update(readFileSync(join(out, f.name))).digest("hex"), f.name).toBe(f.sha256);
    }
  } finally {
    hub.faults.clear();
    await b.close();
  }
});

test("a merge that cannot fit the storage quota fails before any weight byte is fetched", async () => {
  // Two ~13 GiB models (sparse files: real headers, no disk used); headless Chromium grants 10 GiB.
  const shape = { layers: 2, hidden: 16384, intermediate: 49152, vocab: 32000, heads: 128, kvHeads: 128 };
  writeSparseModel(join(work, "huge", "a"), shape);
  writeSparseModel(join(work, "huge", "b"), shape);
  const yaml = `merge_method: linear\nmodels:\n  - model: huge/a\n    parameters: {weight: 0.5}\n  - model: huge/b\n    parameters: {weight: 0.5}\ndtype: bfloat16\n`;
  hub.addRepo("huge/a", join(work, "huge", "a"));
  hub.addRepo("huge/b", join(work, "huge", "b"));
  const p = await planRecipeFile(writeRecipe(work, "huge", yaml), { hubUrl: hub.url, token: null });
  if (p.plan === null) throw new Error(p.diagnostics.map((d) => d.message).join("; "));
  const b = await openBrowserMerge();
  try {
    const quota = (await b.page.evaluate(() => window.mergeHarness.storageEstimate())).quota;
    expect(p.plan.totals.outputBytes).toBeGreaterThan(quota);
    hub.stats.reset();
    const err = await b.start({ plan: p.plan, recipeText: p.recipeText, sources: p.sources, hubUrl: hub.url }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(BrowserMergeError);
    expect((err as BrowserMergeError).code).toBe("QUOTA_EXCEEDED");
    expect((err as BrowserMergeError).message).toMatch(/needs .* GiB of browser storage but only .* GiB is free/);
    expect(hub.stats.totalBytes).toBe(0);
  } finally {
    await b.close();
  }
});
