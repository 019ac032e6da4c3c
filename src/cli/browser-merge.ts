/**
 * Node side of headless merges: serves the harness page with vite, launches Chromium (the
 * repo's launch options, optionally with a persistent profile so OPFS survives restarts) and
 * drives window.mergeHarness. Used by `npm run merge`, the engine e2e specs and the benchmark.
 */
import { mkdir, open } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright";
import { createServer, type ViteDevServer } from "vite";
import { chromiumLaunchOptions } from "../../scripts/chromium.ts";
import type { JobSummary, MergeDone, MergeEvent, StartMergeOptions } from "../workers/merge.api.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const HARNESS_PATH = "/src/cli/merge-harness/index.html";
/** Bytes per round trip when copying a finished file back to Node. */
const PULL_CHUNK = 8 * 1024 * 1024;

/** A failed merge, as the worker reported it. */
export class BrowserMergeError extends Error {
  override readonly name = "BrowserMergeError";
  constructor(readonly code: string, message: string, readonly errorName: string) {
    super(message);
  }
}

/** Options of openBrowserMerge. */
export interface BrowserMergeOptions {
  /** Chromium profile folder; OPFS persists across reloads and restarts only with one. */
  userDataDir?: string;
  /** Receives every merge event, in order. */
  onEvent?: (e: MergeEvent) => void;
  /** Receives the page's console errors (diagnostics). */
  onConsole?: (line: string) => void;
}

/** A harness page in headless Chromium. */
export interface BrowserMerge {
  page: Page;
  context: BrowserContext;
  /** Run (or resume) a merge; throws BrowserMergeError with the worker's code on failure. */
  start(options: StartMergeOptions): Promise<MergeDone>;
  /** Reload the page (the worker dies mid-merge, as on a user reload). */
  reload(): Promise<void>;
  listJobs(): Promise<JobSummary[]>;
  /** Copy every finished file of a job into `outDir`; returns the file names. */
  pullFiles(jobId: string, outDir: string, onFile?: (name: string, size: number) => void): Promise<string[]>;
  close(): Promise<void>;
}

let vite: Promise<ViteDevServer> | null = null;
let viteUsers = 0;
/** OPFS is per origin: a restarted server must keep its port or a reopened profile loses its jobs. */
let lastPort = 0;

/** The harness dev server (shared by every BrowserMerge in this process). */
async function harnessServer(): Promise<ViteDevServer> {
  vite ??= createServer({
    root: ROOT,
    configFile: false,
    logLevel: "error",
    clearScreen: false,
    server: { host: "127.0.0.1", port: lastPort, strictPort: lastPort !== 0, hmr: false, watch: null },
    worker: { format: "es" },
    // Pre-bundle up front: discovering deps at runtime makes vite reload the page mid-merge.
    optimizeDeps: { entries: [HARNESS_PATH.slice(1)], include: ["comlink", "@huggingface/hub"] },
  }).then(async (s) => {
    await s.listen();
    lastPort = Number(new URL(serverUrl(s)).port);
    return s;
  });
  return vite;
}

function serverUrl(s: ViteDevServer): string {
  const url = s.resolvedUrls?.local[0];
  if (!url) throw new Error("the harness dev server has no URL");
  return url.replace(/\/$/, "");
}

/** Open the harness in headless Chromium. */
export async function openBrowserMerge(opts: BrowserMergeOptions = {}): Promise<BrowserMerge> {
  const server = await harnessServer();
  viteUsers++;
  const launch = chromiumLaunchOptions();
  const context = opts.userDataDir
    ? await chromium.launchPersistentContext(opts.userDataDir, { ...launch, headless: true })
    : await (await chromium.launch({ ...launch, headless: true })).newContext();
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => {
    if (m.type() === "error") opts.onConsole?.(m.text());
  });
  await page.exposeFunction("__mergeEvent", (e: MergeEvent) => opts.onEvent?.(e));
  const url = serverUrl(server) + HARNESS_PATH;
  const load = async (): Promise<void> => {
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { mergeHarness?: unknown }).mergeHarness !== undefined, null, { timeout: 60_000 });
  };
  await load();

  return {
    page,
    context,
    async start(options) {
      // Passed as plain JSON: playwright's recursive Serializable type chokes on JsonValue.
      const json = JSON.stringify(options);
      const r = await page.evaluate((o) => window.mergeHarness.start(JSON.parse(o)), json);
      if (!r.ok) throw new BrowserMergeError(r.error.code, r.error.message, r.error.name);
      return r.done;
    },
    reload: load,
    listJobs: () => page.evaluate(() => window.mergeHarness.listJobs()),
    async pullFiles(jobId, outDir, onFile) {
      const job = (await page.evaluate(() => window.mergeHarness.listJobs())).find((j) => j.jobId === jobId);
      if (!job) throw new BrowserMergeError("OUTPUT_MISSING", `job ${jobId} is not in the browser's storage`, "StorageError");
      await mkdir(outDir, { recursive: true });
      for (const f of job.files) {
        const fh = await open(join(outDir, f.name), "w");
        try {
          for (let at = 0; at < f.size; at += PULL_CHUNK) {
            const end = Math.min(f.size, at + PULL_CHUNK);
            const b64 = await page.evaluate(([j, n, s, e]) => window.mergeHarness.readChunk(j, n, s, e), [jobId, f.name, at, end] as const);
            await fh.write(Buffer.from(b64, "base64"), 0, end - at, at);
          }
        } finally {
          await fh.close();
        }
        onFile?.(f.name, f.size);
      }
      return job.files.map((f) => f.name);
    },
    async close() {
      const browser = context.browser();
      await context.close();
      await browser?.close();
      if (--viteUsers === 0 && vite) {
        const s = await vite;
        vite = null;
        await s.close();
      }
    },
  };
}
