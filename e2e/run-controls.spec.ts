/**
 * The Studio's run panel on the real path (built app, local Hub with a "slow" fault so a merge
 * lasts long enough to act on, WebGPU in the worker, OPFS): progress figures, pause/resume,
 * cancel and start again, reload mid-merge and resume, and a Hub error mid-merge. Every
 * interrupted run must end with shards byte-identical to an uninterrupted one.
 */
import type { Page } from "@playwright/test";
import type { TestHub } from "../src/test-hub/hub-server.ts";
import { E2E_TOKEN, expect, test, typeYaml } from "./fixtures/studio-fixture.ts";

test.describe.configure({ mode: "serial", timeout: 240_000 });

const RECIPE = [
  "merge_method: ties",
  "base_model: testbed/base",
  "models:",
  "  - model: testbed/task_a",
  "    parameters: {weight: 0.7, density: 0.5}",
  "  - model: testbed/task_b",
  "    parameters: {weight: 0.5, density: 0.6}",
  "dtype: bfloat16",
  "",
].join("\n");

/** Every weight read waits this long at the CDN, so the merge takes seconds, not a blink. */
const SLOW = { kind: "slow", origin: "cdn", delayMs: 250, times: 1000 } as const;

/** Shard name -> sha256 of the uninterrupted run (filled by the first test). */
let reference: Record<string, string> | null = null;
/** Weight bytes the Hub served for the whole uninterrupted merge. */
let fullRunWeightBytes = 0;

test.afterEach(({ hub }) => {
  hub.faults.clear();
  hub.faults.resetCounts();
});

async function checkRecipe(page: Page): Promise<void> {
  await typeYaml(page, RECIPE);
  await expect(page.getByTestId("method-select")).toHaveValue("ties");
  await page.getByRole("button", { name: "Check recipe" }).click();
  await expect(page.getByTestId("preflight").getByTestId("preflight-verdict")).toHaveText("Ready to merge.", { timeout: 30_000 });
}

const runPanel = (page: Page) => page.getByTestId("run-panel");
/** A figure of the run panel as a number (its data-value). */
async function figure(page: Page, name: "tensors" | "bytes" | "rate" | "eta"): Promise<number> {
  return Number(await page.getByTestId(`run-${name}`).getAttribute("data-value"));
}

/** Job folders in browser storage (OPFS), read straight from it, not through the app. */
function storedJobIds(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const jobs = await (await navigator.storage.getDirectory()).getDirectoryHandle("merges", { create: true });
    const ids: string[] = [];
    for await (const [name] of jobs as unknown as AsyncIterable<[string]>) ids.push(name);
    return ids;
  });
}

/** sha256 of every finished weight shard of the one job in browser storage, read straight from OPFS. */
async function shardHashes(page: Page): Promise<Record<string, string>> {
  const jobId = await storedJobIds(page);
  expect(jobId, "exactly one job in browser storage").toHaveLength(1);
  return page.evaluate(async (id) => {
    const dir = await (await (await navigator.storage.getDirectory()).getDirectoryHandle("merges")).getDirectoryHandle(id);
    const out: Record<string, string> = {};
    for await (const [name, h] of dir as unknown as AsyncIterable<[string, FileSystemHandle]>) {
      if (h.kind !== "file" || !name.endsWith(".safetensors")) continue;
      const bytes = await (await (h as FileSystemFileHandle).getFile()).arrayBuffer();
      out[name] = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
    }
    return out;
  }, jobId[0]);
}

async function expectDone(page: Page): Promise<void> {
  await expect(runPanel(page).getByTestId("run-state")).toHaveText("done", { timeout: 180_000 });
  await expect(page.getByTestId("merge-progress")).toHaveAttribute("value", "1");
  await expect(page.getByTestId("outputs")).toContainText("model.safetensors");
}

/** Bytes of weight files (*.safetensors) the Hub has served so far, all repos. */
function weightBytes(hub: TestHub): number {
  let n = 0;
  for (const repo of hub.stats.repos.values()) for (const [path, f] of repo.files) if (path.endsWith(".safetensors")) n += f.bytesServed;
  return n;
}

/**
 * Wait until the hub has served no weight byte for `quietMs` and return its weight byte count;
 * fails when bytes keep coming for `maxMs`.
 */
async function settledBytes(hub: TestHub, quietMs: number, maxMs: number): Promise<number> {
  const t0 = Date.now();
  let last = weightBytes(hub);
  let since = t0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    if (weightBytes(hub) !== last) {
      last = weightBytes(hub);
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return last;
    if (Date.now() - t0 > maxMs) throw new Error(`the Hub kept serving weight bytes for ${maxMs} ms after Pause`);
  }
}

test("progress shows bytes, tensors, the current tensor, rate and ETA, and they advance", async ({ studio: page, hub }, info) => {
  await checkRecipe(page);
  hub.faults.set(SLOW);
  const bytesBefore = weightBytes(hub);
  await runPanel(page).getByRole("button", { name: "Merge", exact: true }).click();

  await expect.poll(() => figure(page, "bytes"), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId("run-current")).toContainText(/model\.|lm_head/);
  const first = { tensors: await figure(page, "tensors"), bytes: await figure(page, "bytes") };
  await expect(page.getByTestId("run-bytes")).toContainText(/ of \d/);
  await expect(page.getByTestId("run-tensors")).toContainText(/\d+ \/ \d+/);
  await expect.poll(() => figure(page, "rate")).toBeGreaterThan(0);
  await expect(page.getByTestId("run-eta")).toHaveText(/^\d+ (s|min)$/);
  await page.screenshot({ path: info.outputPath("progress.png"), fullPage: true });
  await expect.poll(() => figure(page, "tensors"), { timeout: 60_000 }).toBeGreaterThan(first.tensors);
  await expect.poll(() => figure(page, "bytes")).toBeGreaterThan(first.bytes);

  await expectDone(page);
  fullRunWeightBytes = weightBytes(hub) - bytesBefore;
  expect(await figure(page, "bytes"), "the panel counts every weight byte the Hub served").toBe(fullRunWeightBytes);
  reference = await shardHashes(page);
  expect(Object.keys(reference)).toEqual(["model.safetensors"]);
});

test("pause holds the merge (figures stop), resume finishes it with the same shards", async ({ studio: page, hub }) => {
  expect(reference, "needs the uninterrupted run of the first test").not.toBeNull();
  await checkRecipe(page);
  hub.faults.set(SLOW);
  await runPanel(page).getByRole("button", { name: "Merge", exact: true }).click();
  await expect.poll(() => figure(page, "tensors"), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);

  await runPanel(page).getByRole("button", { name: "Pause" }).click();
  await expect(runPanel(page).getByTestId("run-state")).toHaveText("paused");
  await expect(runPanel(page).getByRole("button", { name: "Pause" })).toBeDisabled();
  // The unit being merged when Pause came may still finish; then nothing moves.
  await page.waitForTimeout(1_500);
  const held = { tensors: await figure(page, "tensors"), bytes: await figure(page, "bytes") };
  await page.waitForTimeout(3_000);
  expect({ tensors: await figure(page, "tensors"), bytes: await figure(page, "bytes") }).toEqual(held);
  expect(held.tensors, "paused before the end").toBeLessThan(Number((await page.getByTestId("run-tensors").textContent())!.split("/")[1]));

  await runPanel(page).getByRole("button", { name: "Resume", exact: true }).click();
  await expect(runPanel(page).getByTestId("run-state")).toHaveText("running");
  await expect.poll(() => figure(page, "tensors"), { timeout: 60_000 }).toBeGreaterThan(held.tensors);
  await expectDone(page);
  expect(await shardHashes(page)).toEqual(reference);
});

test("no weight bytes are fetched from the Hub while paused", async ({ studio: page, hub }) => {
  // Slow enough that fetching, not merging, sets the pace: there is always more to fetch.
  const delayMs = 1_500;
  await checkRecipe(page);
  hub.faults.set({ ...SLOW, delayMs });
  const bytesBefore = weightBytes(hub);
  await runPanel(page).getByRole("button", { name: "Merge", exact: true }).click();
  await expect.poll(() => figure(page, "tensors"), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  await runPanel(page).getByRole("button", { name: "Pause" }).click();
  await expect(runPanel(page).getByTestId("run-state")).toHaveText("paused");
  try {
    // Fetches already in flight may finish (each takes up to delayMs); after that, nothing.
    const bytesPaused = await settledBytes(hub, delayMs + 1_000, 4 * delayMs + 2_000);
    expect(bytesPaused - bytesBefore, "paused with weights still to fetch").toBeLessThan(fullRunWeightBytes);
    await page.waitForTimeout(3_000);
    expect(weightBytes(hub), "weight bytes served by the Hub while paused").toBe(bytesPaused);
  } finally {
    await runPanel(page).getByRole("button", { name: "Cancel" }).click();
    await expect(runPanel(page).getByTestId("run-state")).toHaveText("cancelled");
  }
});

test("cancel stops the run without offering partial files; starting again resumes from the journal", async ({ studio: page, hub }) => {
  expect(reference, "needs the uninterrupted run of the first test").not.toBeNull();
  await checkRecipe(page);
  hub.faults.set(SLOW);
  await runPanel(page).getByRole("button", { name: "Merge", exact: true }).click();
  await expect.poll(() => figure(page, "tensors"), { timeout: 60_000 }).toBeGreaterThanOrEqual(5);

  await runPanel(page).getByRole("button", { name: "Cancel" }).click();
  await expect(runPanel(page).getByTestId("run-state")).toHaveText("cancelled");
  await expect(runPanel(page).getByRole("button", { name: "Pause" })).toBeDisabled();
  await expect(page.getByTestId("outputs")).toHaveCount(0);
  await expect(page.getByText("The merged model's files appear here when a merge finishes.")).toBeVisible();
  const tensorsAtCancel = await figure(page, "tensors");

  hub.faults.clear();
  const bytesBefore = weightBytes(hub);
  await runPanel(page).getByRole("button", { name: "Resume merge" }).click();
  await expect(runPanel(page).getByTestId("run-status")).toContainText(/resumed with \d+ tensors already done/);
  const resumedWith = Number(/resumed with (\d+)/.exec((await runPanel(page).getByTestId("run-status").textContent())!)![1]);
  expect(resumedWith).toBeGreaterThan(0);
  expect(resumedWith).toBeGreaterThanOrEqual(tensorsAtCancel);
  await expectDone(page);
  expect(weightBytes(hub) - bytesBefore, "the resumed run fetched only the unfinished tensors").toBeLessThan(fullRunWeightBytes);
  expect(await shardHashes(page)).toEqual(reference);
});

test("after a reload mid-merge the studio offers the unfinished job, and resuming it ends with the same shards", async ({ studio: page, hub }, info) => {
  expect(reference, "needs the uninterrupted run of the first test").not.toBeNull();
  await checkRecipe(page);
  hub.faults.set(SLOW);
  await runPanel(page).getByRole("button", { name: "Merge", exact: true }).click();
  await expect.poll(() => figure(page, "tensors"), { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
  const tensorsBeforeReload = await figure(page, "tensors");

  await page.reload();
  const offer = page.getByTestId("unfinished-jobs");
  await expect(offer).toBeVisible({ timeout: 30_000 });
  await expect(offer.getByTestId("unfinished-job")).toHaveCount(1);
  await expect(offer).toContainText("ties of testbed/task_a, testbed/task_b");
  await page.screenshot({ path: info.outputPath("resume-offer.png"), fullPage: true });

  hub.faults.clear();
  await offer.getByRole("button", { name: "Resume" }).click();
  await expect(runPanel(page).getByTestId("run-status")).toContainText(/resumed with \d+ tensors already done/, { timeout: 60_000 });
  const resumedWith = Number(/resumed with (\d+)/.exec((await runPanel(page).getByTestId("run-status").textContent())!)![1]);
  expect(resumedWith).toBeGreaterThanOrEqual(tensorsBeforeReload);
  await expect(offer).toHaveCount(0);
  await expectDone(page);
  expect(await shardHashes(page)).toEqual(reference);
});

test("a token rejected mid-merge shows the Hub's error; the failed job is offered after a reload, and Discard deletes it", async ({ studio: page, hub }) => {
  await page.getByLabel("Search models").fill("gated");
  await page.getByRole("list", { name: "Search results" }).getByRole("button", { name: /gated-org\/llama-gated/ }).click();
  const card = page.getByTestId("model-card");
  await card.getByLabel("Hugging Face token").fill(E2E_TOKEN);
  await card.getByRole("button", { name: "Use token" }).click();
  await expect(card).toContainText("LlamaForCausalLM");
  await typeYaml(page, RECIPE.replace("testbed/task_a", "gated-org/llama-gated"));
  await page.getByRole("button", { name: "Check recipe" }).click();
  await expect(page.getByTestId("preflight-verdict")).toHaveText("Ready to merge.", { timeout: 30_000 });

  const { tokens, signedUrlTtlMs } = hub.options;
  try {
    // Download URLs expire quickly, so the merge goes back to the Hub (with the token) mid-run.
    hub.options.signedUrlTtlMs = 2_000;
    hub.faults.set(SLOW);
    await runPanel(page).getByRole("button", { name: "Merge", exact: true }).click();
    await expect.poll(() => figure(page, "tensors"), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
    hub.options.tokens = [];

    await expect(runPanel(page).getByTestId("run-state")).toHaveText("failed", { timeout: 60_000 });
    await expect(runPanel(page).getByRole("alert")).toContainText(/the Hugging Face token was rejected for '(gated-org\/llama-gated|testbed\/\w+)'.*\[UNAUTHORIZED\]/);
    await expect(page.getByTestId("outputs")).toHaveCount(0);

    await expect(runPanel(page).getByRole("button", { name: "Resume merge" })).toBeEnabled();
  } finally {
    hub.options.tokens = tokens;
    hub.options.signedUrlTtlMs = signedUrlTtlMs;
  }

  // The failed job stays in browser storage: the next visit offers it; Discard deletes it.
  await page.reload();
  const offer = page.getByTestId("unfinished-jobs");
  await expect(offer.getByTestId("unfinished-job")).toHaveCount(1, { timeout: 30_000 });
  await expect(offer).toContainText("ties of gated-org/llama-gated, testbed/task_b");
  await offer.getByRole("button", { name: "Discard" }).click();
  await expect(offer).toHaveCount(0);
  expect(await storedJobIds(page)).toEqual([]);
  await page.reload();
  await expect(runPanel(page)).toHaveAttribute("data-unfinished-checked", "true");
  await expect(page.getByTestId("unfinished-jobs")).toHaveCount(0);
});
