/**
 * `npm run merge -- RECIPE --out DIR [--hub URL] [--token-file F] [--shard-size BYTES]
 *  [--memory-budget BYTES] [--profile DIR]`: runs a recipe through the same merge worker,
 * engine and WebGPU kernels as the app, in headless Chromium, and writes the output folder to
 * DIR. Progress on stderr, one-line summary last on stdout, exit status 1 on failure.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { formatBytes } from "../core/plan/format-report.ts";
import type { MergeEvent } from "../workers/merge.api.ts";
import { BrowserMergeError, openBrowserMerge, type BrowserMerge } from "./browser-merge.ts";
import { planRecipeFile } from "./plan-recipe-file.ts";

interface Args {
  recipe: string;
  out: string;
  hub: string;
  tokenFile: string | null;
  shardSize: number | undefined;
  memoryBudget: number | undefined;
  profile: string | undefined;
}

const USAGE = "usage: npm run merge -- RECIPE --out DIR [--hub URL] [--token-file F] [--shard-size BYTES] [--memory-budget BYTES] [--profile DIR]";

function parseArgs(argv: string[]): Args | string {
  const a: Partial<Args> = { hub: "https://huggingface.co", tokenFile: null };
  const num = (flag: string, v: string): number => {
    const n = Number(v.replace(/_/g, ""));
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${flag} expects a positive whole number of bytes, got '${v}'`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === "--out") a.out = value();
    else if (flag === "--hub") a.hub = value();
    else if (flag === "--token-file") a.tokenFile = value();
    else if (flag === "--shard-size") a.shardSize = num(flag, value());
    else if (flag === "--memory-budget") a.memoryBudget = num(flag, value());
    else if (flag === "--profile") a.profile = value();
    else if (flag.startsWith("--")) return `unknown option ${flag}`;
    else if (a.recipe === undefined) a.recipe = flag;
    else return `only one recipe file is accepted (got '${a.recipe}' and '${flag}')`;
  }
  if (!a.recipe) return "missing RECIPE";
  if (!a.out) return "missing --out DIR";
  return a as Args;
}

/** One progress line per phase, and at most one per second while merging. */
function progressPrinter(): (e: MergeEvent) => void {
  let last = 0;
  return (e) => {
    if (e.type === "phase") process.stderr.write(`merge: ${e.phase}\n`);
    else if (e.type === "resumed") process.stderr.write(`merge: resuming: ${e.tensorsDone} tensors already done, ${e.tensorsRedone} redone\n`);
    else if (e.type === "warning") process.stderr.write(`merge: warning: ${e.message} [${e.code}]\n`);
    else if (e.type === "shard-done") process.stderr.write(`merge: wrote ${e.file} (${formatBytes(e.size)}, sha256 ${e.sha256})\n`);
    else if (e.type === "progress" && (Date.now() - last > 1000 || e.tensorsDone === e.tensorsTotal)) {
      last = Date.now();
      const eta = e.etaSeconds === null ? "?" : `${Math.ceil(e.etaSeconds)}s`;
      process.stderr.write(`merge: ${e.tensorsDone}/${e.tensorsTotal} tensors, ${formatBytes(e.bytesFetched)}/${formatBytes(e.bytesToFetch)} fetched, ${formatBytes(e.rate)}/s, ETA ${eta}\n`);
    }
  };
}

async function main(argv: string[]): Promise<number> {
  let args: Args | string;
  try {
    args = parseArgs(argv);
  } catch (err) {
    args = (err as Error).message;
  }
  if (typeof args === "string") {
    process.stderr.write(`merge: error: ${args}\n${USAGE}\n`);
    return 1;
  }
  const file = args.recipe;
  let token: string | null = null;
  if (args.tokenFile) {
    try {
      token = readFileSync(args.tokenFile, "utf8").trim() || null;
    } catch (err) {
      process.stderr.write(`${args.tokenFile}:1:1: error: cannot read --token-file: ${(err as Error).message}\n`);
      return 1;
    }
  }
  const t0 = performance.now();
  let planned;
  try {
    planned = await planRecipeFile(file, { hubUrl: args.hub, token, maxShardBytes: args.shardSize });
  } catch (err) {
    const e = err as Error & { code?: string };
    process.stderr.write(`${file}:1:1: error: ${e.message}${e.code ? ` [${e.code}]` : ""}\n`);
    process.stdout.write(`merge: failed: could not read the models of ${file}\n`);
    return 1;
  }
  for (const d of planned.diagnostics) process.stderr.write(`${file}:${d.line}:${d.column}: ${d.severity}: ${d.message}\n`);
  if (planned.plan === null) {
    process.stdout.write(`merge: failed: ${file} has errors; nothing was downloaded\n`);
    return 1;
  }
  const { plan, localHub } = planned;
  process.stderr.write(`merge: ${plan.method}, ${plan.totals.tensorCount} tensors, ${formatBytes(plan.totals.bytesToFetch)} to fetch, ${formatBytes(plan.totals.outputBytes)} to write\n`);
  let browser: BrowserMerge | null = null;
  try {
    browser = await openBrowserMerge({ userDataDir: args.profile, onEvent: progressPrinter(), onConsole: (l) => process.stderr.write(`merge: browser: ${l}\n`) });
    const done = await browser.start({
      plan, recipeText: planned.recipeText, sources: planned.sources, hubUrl: args.hub, token,
      ...(args.memoryBudget ? { memoryBudgetBytes: args.memoryBudget } : {}),
    });
    const names = await browser.pullFiles(done.jobId, args.out, (name, size) => process.stderr.write(`merge: saved ${join(args.out, name)} (${formatBytes(size)})\n`));
    // The copy on disk must hash to what the worker recorded when it finalised each shard.
    for (const f of done.files) {
      if (!f.sha256) continue;
      const sha = createHash("sha256").update(await readFile(join(args.out, f.name))).digest("hex");
      if (sha !== f.sha256) throw new BrowserMergeError("OUTPUT_MISMATCH", `${f.name}: SHA-256 on disk ${sha} differs from the merge's ${f.sha256}`, "MergeError");
    }
    if (!args.profile) await browser.page.evaluate((id) => window.mergeHarness.clearJob(id), done.jobId);
    const secs = (performance.now() - t0) / 1000;
    process.stdout.write(`merge: ok: ${names.length} files, ${formatBytes(plan.totals.outputBytes)} of weights in ${plan.shards.length} shard(s) written to ${args.out} in ${secs.toFixed(1)} s\n`);
    return 0;
  } catch (err) {
    const e = err as Error & { code?: string };
    process.stderr.write(`${file}:1:1: error: ${e.message}${e.code ? ` [${e.code}]` : ""}\n`);
    process.stdout.write(`merge: failed: ${e.code ?? e.name}\n`);
    return 1;
  } finally {
    await browser?.close();
    await localHub?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`merge: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
