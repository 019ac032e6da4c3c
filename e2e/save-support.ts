/**
 * Helpers of the save specs (e2e/save-*.spec.ts): the studio page with a folder picker that
 * Playwright can answer and a log of every progress line shown, plus OPFS readers.
 */
import { createHash } from "node:crypto";
import type { Page } from "@playwright/test";
import { test as studioTest } from "./fixtures/studio-fixture.ts";

/** Where the fake folder picker puts files: a folder of the page's own OPFS. */
export const PICKED_FOLDER = "picked-folder";

// Playwright cannot answer showDirectoryPicker(); the page gets one that returns a real, writable
// directory handle (an OPFS subfolder) and records how it was asked. Every text the save progress
// line shows goes to window.progressLog (a fast upload may show a step for a few ms only).
export const test = studioTest.extend({
  page: async ({ page }, use) => {
    await page.addInitScript((folder) => {
      const w = window as unknown as { showDirectoryPicker: (o?: unknown) => Promise<FileSystemDirectoryHandle>; pickerCalls: unknown[] };
      w.pickerCalls = [];
      w.showDirectoryPicker = async (options?: unknown) => {
        w.pickerCalls.push(options ?? null);
        return (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
      };
      const progressLog: string[] = [];
      (window as unknown as { progressLog: string[] }).progressLog = progressLog;
      new MutationObserver(() => {
        const text = document.querySelector("[data-testid=save-progress]")?.textContent;
        if (text && progressLog.at(-1) !== text) progressLog.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    }, PICKED_FOLDER);
    await use(page);
  },
});

export const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** sha256 of each named file in an OPFS folder (`path` from the OPFS root; "*" = the only job folder). */
export async function opfsHashes(page: Page, path: string[], names: string[]): Promise<Record<string, string>> {
  return page.evaluate(async ({ path, names }) => {
    let dir = await navigator.storage.getDirectory();
    for (const part of path) {
      if (part !== "*") {
        dir = await dir.getDirectoryHandle(part);
        continue;
      }
      const subdirs: FileSystemDirectoryHandle[] = [];
      for await (const h of (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) if (h.kind === "directory") subdirs.push(h as FileSystemDirectoryHandle);
      if (subdirs.length !== 1) throw new Error(`expected one job folder, found ${subdirs.length}`);
      dir = subdirs[0];
    }
    const out: Record<string, string> = {};
    for (const name of names) {
      const bytes = await (await (await dir.getFileHandle(name)).getFile()).arrayBuffer();
      out[name] = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
    }
    return out;
  }, { path, names });
}

/** Names of the job folders in OPFS. */
export const jobFolders = (page: Page) => page.evaluate(async () => {
  const jobs = await (await navigator.storage.getDirectory()).getDirectoryHandle("merges", { create: true });
  const names: string[] = [];
  for await (const [name] of (jobs as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) names.push(name);
  return names;
});

export const usage = (page: Page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

/** Every progress line the page has shown so far. */
export const progressLog = (page: Page) => page.evaluate(() => (window as unknown as { progressLog: string[] }).progressLog);
