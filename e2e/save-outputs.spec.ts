/**
 * Saving a finished merge, in the studio against the local Hub: download every file, write them
 * into a picked folder, upload to the Hub (a wrong token, a cancelled try, then a good one), reopen
 * the merge after a reload and clear it from browser storage. Every saved copy is checked byte for
 * byte (sha256) against the job's files in OPFS.
 */
import { readFileSync } from "node:fs";
import { E2E_TOKEN, expect, typeYaml } from "./fixtures/studio-fixture.ts";
import { jobFolders, opfsHashes, PICKED_FOLDER, sha256, test, usage } from "./save-support.ts";

const RECIPE = [
  "merge_method: linear",
  "models:",
  "  - model: testbed/task_a",
  "    parameters: {weight: 0.5}",
  "  - model: testbed/task_b",
  "    parameters: {weight: 0.5}",
  "dtype: bfloat16",
  "",
].join("\n");

test("a finished merge downloads, saves to a folder, uploads to the Hub (token only to the Hub), survives a reload and clears", async ({ studio: page, hub }, info) => {
  test.setTimeout(300_000);
  await typeYaml(page, RECIPE);
  await page.getByRole("button", { name: "Check recipe" }).click();
  await expect(page.getByTestId("preflight").getByTestId("preflight-verdict")).toHaveText("Ready to merge.", { timeout: 30_000 });
  await page.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(page.getByTestId("run-status")).toContainText("done", { timeout: 180_000 });

  const outputs = page.getByTestId("outputs");
  const listed = await outputs.locator(".output-files code").allTextContents();
  const names = [...listed].sort();
  expect(names).toEqual(expect.arrayContaining(["config.json", "model.safetensors", "mergekit_config.yml", "README.md"]));
  const reference = await opfsHashes(page, ["merges", "*"], names);
  const notice = page.getByTestId("notice");

  await test.step("download: one browser download per file, bytes identical", async () => {
    const downloads = new Map<string, string>();
    page.on("download", async (d) => downloads.set(d.suggestedFilename(), await d.path()));
    await outputs.getByRole("button", { name: "Download" }).click();
    await expect(notice).toContainText("Download: done.", { timeout: 60_000 });
    await expect.poll(() => [...downloads.keys()].sort(), { timeout: 30_000 }).toEqual(names);
    await expect.poll(() => [...downloads.values()].every(Boolean)).toBe(true);
    for (const name of names) expect(sha256(readFileSync(downloads.get(name)!)), name).toBe(reference[name]);
  });

  await test.step("save to folder: the picked folder holds every file, bytes identical", async () => {
    await outputs.getByRole("button", { name: "Save to folder…" }).click();
    await expect(notice).toContainText("Save to folder: done.", { timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { pickerCalls: unknown[] }).pickerCalls)).toEqual([{ mode: "readwrite" }]);
    expect(await opfsHashes(page, [PICKED_FOLDER], names)).toEqual(reference);
  });

  const repo = "e2e-user/merged-linear";
  await test.step("upload with a wrong token: a clear 401 error, nothing created, the files stay", async () => {
    await outputs.getByLabel("Upload to repo").fill(repo);
    await outputs.getByLabel("Write token").fill("hf_wrong_token");
    await outputs.getByRole("button", { name: "Upload to Hub" }).click();
    await expect(notice).toContainText("Upload failed: The Hub", { timeout: 30_000 });
    await expect(notice).toContainText("rejected the token (401");
    await expect(notice).toContainText("write access");
    await expect(notice).toContainText("stay in browser storage");
    expect(hub.repoIds()).not.toContain(repo);
    await expect(outputs.locator(".output-files code")).toHaveText(listed);
    expect(await opfsHashes(page, ["merges", "*"], names)).toEqual(reference);
    await page.screenshot({ path: info.outputPath("upload-401.png"), fullPage: true });
  });

  await test.step("cancel an upload mid-way: nothing committed, the files stay", async () => {
    // Hold the weights' PUT so there is time to cancel.
    hub.faults.set({ kind: "slow", origin: "cdn", pathIncludes: "/__lfs-upload/", delayMs: 4000 });
    await outputs.getByLabel("Write token").fill(E2E_TOKEN);
    await outputs.getByRole("button", { name: "Upload to Hub" }).click();
    await expect(page.getByTestId("save-progress")).toContainText("Uploading model.safetensors");
    await outputs.getByRole("button", { name: "Cancel upload" }).click();
    await expect(notice).toContainText("Upload cancelled; the merged files stay in browser storage.");
    await expect(outputs.getByRole("button", { name: "Cancel upload" })).toHaveCount(0);
    // The repo was created, but no commit landed in it.
    const model = (await (await fetch(`${hub.url}/api/models/${repo}`, { headers: { Authorization: `Bearer ${E2E_TOKEN}` } })).json()) as { siblings: unknown[] };
    expect(model.siblings).toEqual([]);
    expect(await opfsHashes(page, ["merges", "*"], names)).toEqual(reference);
    hub.faults.clear();
  });

  await test.step("upload with a good token: progress shown, the Hub repo holds identical files", async () => {
    hub.requests.reset();
    const slowBefore = hub.faults.fired.slow;
    // Hold the weights' PUT a moment so the progress line can be seen.
    hub.faults.set({ kind: "slow", origin: "cdn", pathIncludes: "/__lfs-upload/", delayMs: 1500 });
    await outputs.getByRole("button", { name: "Upload to Hub" }).click();
    await expect(page.getByTestId("save-progress")).toContainText(/(Hashing|Uploading) model\.safetensors: \d+% \(\d+\/\d+ files\)/);
    // The repo exists since the cancelled try (the Hub answers 409): the upload goes into it.
    await expect(notice).toContainText(`Upload: ${hub.url}/${repo}/commit/`, { timeout: 60_000 });
    expect(hub.faults.fired.slow - slowBefore).toBe(1);
    expect(hub.requests.entries.filter((r) => r.url === "/api/repos/create" && r.method === "POST")).toHaveLength(1);
    const sha = hub.commitSha(repo);
    await expect(notice).toContainText(sha);

    // The token went to the Hub's API origin only: never to the CDN (the object PUT), never into a URL.
    expect(hub.requests.entries.some((r) => r.origin === "cdn" && r.method === "PUT")).toBe(true);
    expect(hub.requests.entries.filter((r) => r.origin === "cdn" && r.authorization !== undefined)).toEqual([]);
    const carrying = hub.requests.carrying(E2E_TOKEN);
    expect(carrying.map((r) => `${r.method} ${r.url.split("?")[0]}`)).toEqual(expect.arrayContaining([
      "POST /api/repos/create", `POST /api/models/${repo}/preupload/main`, `POST /${repo}.git/info/lfs/objects/batch`, `POST /api/models/${repo}/commit/main`,
    ]));
    expect(carrying.filter((r) => r.origin !== "api" || r.url.includes(E2E_TOKEN))).toEqual([]);
    expect(page.url()).not.toContain(E2E_TOKEN);
    await page.getByRole("button", { name: "Share" }).click();
    const share = await page.getByLabel("Share link").inputValue();
    expect(share).toContain("#r=");
    expect(share).not.toContain(E2E_TOKEN);

    // Read the model back through the Hub API, as a merge would.
    for (const name of names) {
      const res = await fetch(`${hub.url}/${repo}/resolve/main/${name}`, { headers: { Authorization: `Bearer ${E2E_TOKEN}` } });
      expect(res.status, name).toBe(200);
      expect(sha256(new Uint8Array(await res.arrayBuffer())), name).toBe(reference[name]);
    }
    const model = (await (await fetch(`${hub.url}/api/models/${repo}`)).json()) as { sha: string; siblings: { rfilename: string }[] };
    expect(model.sha).toBe(sha);
    expect(model.siblings.map((s) => s.rfilename).sort()).toEqual(names);
  });

  await test.step("after a reload the finished merge is offered from browser storage and opens with its files", async () => {
    const [jobId] = await jobFolders(page);
    await page.reload();
    const stored = page.getByTestId("stored-merge");
    await expect(stored).toHaveCount(1);
    await expect(stored).toHaveAttribute("data-job-id", jobId);
    await expect(stored).toContainText(`${names.length} files`);
    await stored.getByRole("button", { name: "Open" }).click();
    await expect(outputs.locator(".output-files code")).toHaveText(listed);
    await expect(page.getByTestId("stored-merges")).toHaveCount(0);
  });

  await test.step("clear: the job's folder leaves browser storage and the studio says so", async () => {
    const before = await usage(page);
    expect(await jobFolders(page)).toHaveLength(1);
    await outputs.getByRole("button", { name: "Clear from browser" }).click();
    await expect(notice).toContainText(/Clear: deleted merge job \S+ \(\d+ files, .+\) from browser storage\./);
    expect(await jobFolders(page)).toEqual([]);
    await expect(page.getByText("The merged model's files appear here when a merge finishes.")).toBeVisible();
    await expect.poll(() => usage(page), { timeout: 30_000 }).toBeLessThan(before);
  });
});
