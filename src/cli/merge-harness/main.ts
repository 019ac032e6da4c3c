/**
 * The page `npm run merge` drives in headless Chromium: it runs merges through the app's own
 * merge client (same worker, engine and kernels as the UI) and hands finished files back to Node
 * in chunks. Everything is reached through `window.mergeHarness`, called by playwright.
 */
import { createMergeClient, isMergeWorkerError } from "../../app/clients/merge-client.ts";
import type { MergeEvent, StartMergeOptions } from "../../workers/merge.api.ts";

declare global {
  interface Window {
    mergeHarness: typeof harness;
    /** Installed by playwright's exposeFunction: receives every merge event. */
    __mergeEvent?: (e: MergeEvent) => void;
  }
}

let client = createMergeClient();

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

const harness = {
  /** Run (or resume) a merge; resolves with the done event or a {name, code, message} error. */
  async start(options: StartMergeOptions): Promise<{ ok: true; done: Extract<MergeEvent, { type: "done" }> } | { ok: false; error: { name: string; code: string; message: string } }> {
    try {
      const done = await client.start(options, (e) => window.__mergeEvent?.(e));
      return { ok: true, done };
    } catch (err) {
      const e = isMergeWorkerError(err) ? err : { name: "Error", code: "INTERNAL", message: String((err as Error)?.message ?? err) };
      return { ok: false, error: { name: e.name, code: e.code, message: e.message } };
    }
  },
  cancel: () => client.cancel(),
  pause: () => client.pause(),
  resume: () => client.resume(),
  capabilities: () => client.capabilities(),
  listJobs: () => client.listJobs(),
  clearJob: (jobId: string) => client.clearJob(jobId),
  /** Bytes [start, end) of a finished file, base64 (playwright moves strings, not buffers). */
  async readChunk(jobId: string, name: string, start: number, end: number): Promise<string> {
    const file = await client.openFile(jobId, name);
    return toBase64(new Uint8Array(await file.slice(start, end).arrayBuffer()));
  },
  /** Restart the worker (used after a cancel to prove the journal, not worker memory, resumes). */
  restartWorker(): void {
    client.dispose();
    client = createMergeClient();
  },
  async storageEstimate(): Promise<{ usage: number; quota: number }> {
    const e = await navigator.storage.estimate();
    return { usage: e.usage ?? 0, quota: e.quota ?? 0 };
  },
  /**
   * The raw Range-read floor for the benchmark: fetch the given ranges over the Hub protocol with
   * `concurrency` requests in flight, discarding the bytes. Returns seconds.
   */
  async rangeFloor(ranges: { url: string; start: number; end: number }[], concurrency: number): Promise<number> {
    const t0 = performance.now();
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < ranges.length) {
        const r = ranges[next++];
        const res = await fetch(r.url, { headers: { Range: `bytes=${r.start}-${r.end - 1}` } });
        if (res.status !== 206 && res.status !== 200) throw new Error(`range read of ${r.url} failed: HTTP ${res.status}`);
        const reader = res.body!.getReader();
        while (!(await reader.read()).done);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    return (performance.now() - t0) / 1000;
  },
  /** Peak JS heap of this page, where Chromium exposes it. */
  heapBytes(): number {
    return (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
  },
};

window.mergeHarness = harness;
document.getElementById("status")!.textContent = "ready";
