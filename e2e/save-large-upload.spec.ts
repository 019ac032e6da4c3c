/**
 * Finished merges left in browser storage (here: written straight into OPFS, as a merge leaves
 * them): the outputs panel offers them after a reload, clears one, and downloads, saves to a
 * folder and uploads one with a 24 MiB weights file. Above 10 MB @huggingface/hub hashes in
 * chunks (its wasm path, loaded from the built app), and the Hub's multipart transfer sends
 * slices of the disk-backed File: the path a multi-GB shard takes.
 */
import { readFileSync } from "node:fs";
import { expect } from "@playwright/test";
import { E2E_TOKEN } from "./fixtures/studio-fixture.ts";
import { jobFolders, opfsHashes, PICKED_FOLDER, progressLog, sha256, test } from "./save-support.ts";

const BIG = 24 << 20;

// The Hub server is shared by the specs of this worker: put its upload mode back.
test.afterEach(({ hub }) => {
  hub.options.multipartChunkSize = undefined;
});

test("finished merges in browser storage are offered after a reload; one clears, one saves and uploads its 24 MiB shard", async ({ studio: page, hub }) => {
  test.setTimeout(180_000);
  await page.evaluate(async (bigSize) => {
    const jobs = await (await navigator.storage.getDirectory()).getDirectoryHandle("merges", { create: true });
    const put = async (dir: FileSystemDirectoryHandle, name: string, write: (w: FileSystemWritableFileStream) => Promise<void>) => {
      const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
      await write(w);
      await w.close();
    };
    const text = (t: string) => (w: FileSystemWritableFileStream) => w.write(t);
    const large = await jobs.getDirectoryHandle("job-large", { create: true });
    await put(large, "model.safetensors", async (w) => {
      const chunk = new Uint8Array(1 << 20);
      for (let done = 0; done < bigSize; done += chunk.length) {
        for (let i = 0; i < chunk.length; i += 65536) crypto.getRandomValues(chunk.subarray(i, i + 65536));
        await w.write(chunk);
      }
    });
    await put(large, "config.json", text('{"model_type":"llama"}'));
    await put(large, "journal.jsonl", text('{"t":"done"}\n'));
    const old = await jobs.getDirectoryHandle("job-old", { create: true });
    await put(old, "config.json", text("{}"));
    await put(old, "journal.jsonl", text('{"t":"done"}\n'));
  }, BIG);
  const reference = await opfsHashes(page, ["merges", "job-large"], ["config.json", "model.safetensors"]);
  await page.reload();

  const stored = page.getByTestId("stored-merge");
  await expect(stored).toHaveCount(2);
  await expect(stored.first()).toContainText("job-large");
  await expect(stored.first()).toContainText("2 files, 25.17 MB");
  const notice = page.getByTestId("notice");
  await stored.filter({ hasText: "job-old" }).getByRole("button", { name: "Clear" }).click();
  await expect(notice).toContainText("Clear: deleted merge job job-old (1 file,");
  await expect(stored).toHaveCount(1);
  expect(await jobFolders(page)).toEqual(["job-large"]);

  await stored.getByRole("button", { name: "Open" }).click();
  const outputs = page.getByTestId("outputs");
  await expect(outputs.locator(".output-files code")).toHaveText(["config.json", "model.safetensors"]);

  // The big file downloads and saves to a folder (streamed in chunks) with identical bytes.
  const downloads = new Map<string, string>();
  page.on("download", async (d) => downloads.set(d.suggestedFilename(), await d.path()));
  await outputs.getByRole("button", { name: "Download" }).click();
  await expect(notice).toContainText("Download: done.");
  await expect.poll(() => [...downloads.keys()].sort(), { timeout: 30_000 }).toEqual(["config.json", "model.safetensors"]);
  await expect.poll(() => [...downloads.values()].every(Boolean)).toBe(true);
  for (const [name, path] of downloads) expect(sha256(readFileSync(path)), name).toBe(reference[name]);
  await outputs.getByRole("button", { name: "Save to folder…" }).click();
  await expect(notice).toContainText("Save to folder: done.");
  expect(await opfsHashes(page, [PICKED_FOLDER], Object.keys(reference))).toEqual(reference);
  const writes = (await progressLog(page)).filter((l) => l.startsWith("Writing model.safetensors"));
  expect(writes.length, writes.join(" | ")).toBeGreaterThan(1);

  await outputs.getByLabel("Upload to repo").fill("e2e-user/large");
  await outputs.getByLabel("Write token").fill(E2E_TOKEN);
  hub.options.multipartChunkSize = 10 << 20;
  hub.requests.reset();
  const scripts: string[] = [];
  page.on("request", (r) => scripts.push(new URL(r.url()).pathname));
  await outputs.getByRole("button", { name: "Upload to Hub" }).click();
  await expect(notice).toContainText(`Upload: ${hub.url}/e2e-user/large/commit/`, { timeout: 120_000 });
  await expect(notice).toContainText(hub.commitSha("e2e-user/large"));
  // Three parts (10 + 10 + 4 MiB), each PUT to the CDN without the token, then the completion.
  const puts = hub.requests.entries.filter((r) => r.method === "PUT").map((r) => `${r.origin} ${r.url.split("?")[0]} ${r.authorization ?? "no-auth"}`);
  expect(puts.sort()).toEqual([1, 2, 3].map((n) => `cdn /__lfs-upload/${reference["model.safetensors"]}/part/${n} no-auth`));
  expect(hub.requests.entries.filter((r) => r.method === "POST" && r.url.startsWith("/__lfs-complete/"))).toHaveLength(1);

  // Hashed in chunks from a stream (the library loads its wasm hasher only for that), then sent
  // with upload progress; the progress line showed each step.
  expect(scripts.some((p) => /\/sha256-wrapper-[\w-]+\.js$/.test(p)), scripts.join(" ")).toBe(true);
  const shown = await progressLog(page);
  expect(shown, shown.join(" | ")).toContain("Hashing model.safetensors: 0% (0/2 files)");
  const uploading = shown.map((l) => /^Uploading model\.safetensors: (\d+)%/.exec(l)?.[1]).filter(Boolean).map(Number);
  expect(uploading.some((p) => p > 0 && p < 100), shown.join(" | ")).toBe(true);
  expect(shown.at(-1)).toMatch(/^Committing 2 files/);

  for (const name of Object.keys(reference)) {
    const res = await fetch(`${hub.url}/e2e-user/large/resolve/main/${name}`, { headers: { Authorization: `Bearer ${E2E_TOKEN}` } });
    expect(res.status, name).toBe(200);
    expect(sha256(new Uint8Array(await res.arrayBuffer())), name).toBe(reference[name]);
  }
  expect(hub.requests.carrying(E2E_TOKEN).filter((r) => r.origin !== "api")).toEqual([]);
});
