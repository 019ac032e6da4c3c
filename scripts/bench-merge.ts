/**
 * `npm run bench:merge -- [--model-mb N] [--method linear|ties] [--models K] [--budget-mb M] [--floor-runs 1|2]`
 * (the floor is read after the merge; --floor-runs 2 also reads it before):
 * a benchmark (not a test) of the merge engine on a synthetic Llama family served by the local
 * Hub server, in headless Chromium. Prints wall time, input GB/s, the raw Range-read floor
 * measured in the same browser (same ranges, same concurrency, bytes discarded), their ratio,
 * and the peak memory of the tab (renderer, which hosts the worker) and the GPU process.
 * The real figure needs --model-mb 2048 or more; the small default runs anywhere.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openBrowserMerge } from "../src/cli/browser-merge.ts";
import { planRecipeFile, type PlannedRecipe } from "../src/cli/plan-recipe-file.ts";
import { startTestHub } from "../src/test-hub/hub-server.ts";
import { ensureFamily } from "../src/test-support/synthetic-family/ensure-family.ts";
import { llamaTensors, type LlamaShape } from "../src/test-support/synthetic-family/llama-layout.ts";

const FILE = "scripts/bench-merge.ts";

function fail(msg: string): never {
  console.error(`${FILE}:1:1: error: ${msg}`);
  process.exit(1);
}

function parseArgs(argv: string[]): { modelMb: number; method: "linear" | "ties"; models: number; budgetMb: number | null; concurrency: number; floorRuns: number } {
  const o = { modelMb: 64, method: "linear" as "linear" | "ties", models: 2, budgetMb: null as number | null, concurrency: 6, floorRuns: 1 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const v = argv[++i];
    if (v === undefined) fail(`${flag} needs a value`);
    const n = Number(v);
    if (flag === "--method") {
      if (v !== "linear" && v !== "ties") fail(`--method must be linear or ties, got "${v}"`);
      o.method = v;
    } else if (!Number.isFinite(n) || n <= 0) fail(`${flag} expects a positive number, got "${v}"`);
    else if (flag === "--model-mb") o.modelMb = n;
    else if (flag === "--models") o.models = Math.round(n);
    else if (flag === "--budget-mb") o.budgetMb = n;
    else if (flag === "--concurrency") o.concurrency = Math.round(n);
    else if (flag === "--floor-runs") o.floorRuns = Math.round(n);
    else fail(`unknown option ${flag}; use --model-mb, --method, --models, --budget-mb, --concurrency, --floor-runs`);
  }
  return o;
}

/** A Llama shape of about `mb` MB in bf16 (layers scale the size; widths follow the size class). */
function shapeFor(mb: number): LlamaShape {
  const hidden = mb >= 1024 ? 2048 : 512;
  const base: LlamaShape = { layers: 1, hidden, intermediate: Math.round((hidden * 2.75) / 128) * 128, vocab: hidden >= 2048 ? 32000 : 8000, heads: hidden / 64, kvHeads: hidden / 256 };
  const bytes = (s: LlamaShape): number => llamaTensors(s).reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 2), 0);
  const perLayer = bytes({ ...base, layers: 2 }) - bytes(base);
  const fixed = bytes(base) - perLayer;
  return { ...base, layers: Math.max(1, Math.round((mb * 1e6 - fixed) / perLayer)) };
}

/** Chromium processes of the profile: the browser (cmdline has the profile dir) and its descendants. */
function sampleRss(profile: string): { tab: number; gpu: number } {
  const procs = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
      const ppid = Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1]);
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
      return { pid: Number(pid), ppid, cmd, rss };
    } catch {
      return null;
    }
  }).filter((p): p is NonNullable<typeof p> => p !== null);
  const root = procs.find((p) => p.cmd.includes(profile) && !p.cmd.includes("--type="));
  if (!root) return { tab: 0, gpu: 0 };
  const family = new Set([root.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (!family.has(p.pid) && family.has(p.ppid)) {
        family.add(p.pid);
        grew = true;
      }
    }
  }
  let tab = 0, gpu = 0;
  for (const p of procs) {
    if (!family.has(p.pid)) continue;
    if (p.cmd.includes("--type=renderer")) tab += p.rss;
    else if (p.cmd.includes("--type=gpu-process")) gpu += p.rss;
  }
  return { tab, gpu };
}

const gb = (b: number): string => (b / 1e9).toFixed(2);
const mb = (b: number): string => (b / 1e6).toFixed(0);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const shape = shapeFor(args.modelMb);
  console.error(`bench-merge: generating a synthetic family (${args.models} fine-tunes + base, ${shape.layers} layers, hidden ${shape.hidden}) ...`);
  const family = ensureFamily({ ...shape, fineTunes: args.models, dtype: "BF16", maxShardBytes: 1_000_000_000 });
  const hub = await startTestHub({ orgs: { synth: family.dir } });
  const work = mkdtempSync(join(tmpdir(), "bench-merge-"));
  const profile = mkdtempSync(join(tmpdir(), "bench-merge-profile-"));
  const models = Array.from({ length: args.models }, (_, i) => `  - model: synth/ft_${i + 1}\n    parameters: {weight: ${(1 / args.models).toFixed(3)}${args.method === "ties" ? ", density: 0.5" : ""}}`).join("\n");
  const yaml = `merge_method: ${args.method}\n${args.method === "ties" ? "base_model: synth/base\n" : ""}models:\n${models}\ndtype: bfloat16\n`;
  writeFileSync(join(work, "recipe.yml"), yaml);
  const p = await planRecipeFile(join(work, "recipe.yml"), { hubUrl: hub.url, token: null });
  if (p.plan === null) fail(p.diagnostics.map((d) => d.message).join("; "));
  const planned = p as PlannedRecipe;
  const plan = planned.plan;
  let lastLine = 0;
  const browser = await openBrowserMerge({
    userDataDir: profile,
    // Progress on stderr every 5 s: a 2 GB-per-model run takes minutes on SwiftShader.
    onEvent: (e) => {
      if (e.type !== "progress" || Date.now() - lastLine < 5000) return;
      lastLine = Date.now();
      console.error(`bench-merge: ${gb(e.bytesFetched)}/${gb(e.bytesToFetch)} GB fetched, ${e.tensorsDone}/${e.tensorsTotal} tensors, ${(e.rate / 1e6).toFixed(1)} MB/s${e.etaSeconds !== null ? `, ETA ${Math.round(e.etaSeconds)} s` : ""}`);
    },
  });
  await browser.page.evaluate(() => window.mergeHarness.capabilities());
  // Idle footprint once the worker and its GPU device exist, to read the peak against.
  const idle = sampleRss(profile);
  // Peaks are taken per phase: Chromium keeps the garbage of a streamed read for a while, so a
  // floor read before the merge would be charged to the merge.
  const trackPeak = (): (() => { tab: number; gpu: number; sum: number }) => {
    let peak = { tab: 0, gpu: 0, sum: 0 };
    const timer = setInterval(() => {
      const s = sampleRss(profile);
      if (s.tab + s.gpu > peak.sum) peak = { ...s, sum: s.tab + s.gpu };
    }, 200);
    return () => {
      clearInterval(timer);
      return peak;
    };
  };
  try {
    // The floor: the same source ranges over the same protocol, bytes discarded.
    const ranges = plan.tensors.flatMap((t) => t.sources.map((s) => ({ url: `${hub.url}/${plan.models[s.modelIndex].repo}/resolve/${plan.models[s.modelIndex].commitSha}/${s.file}`, start: s.byteRange[0], end: s.byteRange[1] })));
    const floor = (): Promise<number> => browser.page.evaluate(([r, c]) => window.mergeHarness.rangeFloor(r, c), [ranges, args.concurrency] as const);
    // The family was just read or written, so the OS cache is as warm for the merge as for the floor.
    const floor0 = args.floorRuns > 1 ? await floor() : Infinity;
    const stopMergePeak = trackPeak();
    const t0 = performance.now();
    const done = await browser.start({ plan, recipeText: planned.recipeText, sources: planned.sources, hubUrl: hub.url, fetchConcurrency: args.concurrency, ...(args.budgetMb ? { memoryBudgetBytes: args.budgetMb * 1e6 } : {}) });
    const wall = (performance.now() - t0) / 1000;
    const peak = stopMergePeak();
    console.error(`bench-merge: merged in ${wall.toFixed(1)} s; reading the Range floor ...`);
    const stopFloorPeak = trackPeak();
    const floor1 = await floor();
    const floorPeak = stopFloorPeak();
    const floorS = Math.min(floor0, floor1);
    const input = plan.totals.bytesToFetch;
    console.log(`bench-merge: ${args.method}, ${args.models} models x ${gb(family.models[1]?.totalSize ?? 0)} GB, ${plan.totals.tensorCount} tensors, ${plan.shards.length} output shard(s)`);
    console.log(`  wall time        ${wall.toFixed(2)} s (job ${done.jobId})`);
    console.log(`  input            ${gb(input)} GB -> ${(input / 1e9 / wall).toFixed(3)} GB/s`);
    console.log(`  range-read floor ${(input / 1e9 / floorS).toFixed(3)} GB/s (${floorS.toFixed(2)} s${args.floorRuns > 1 ? `; runs ${floor0.toFixed(2)} s / ${floor1.toFixed(2)} s` : ""})`);
    console.log(`  ratio            ${(wall / floorS).toFixed(2)} (target <= ${args.method === "linear" ? "1.3" : "2"})`);
    const st = done.stages;
    console.log(`  merge loop       waiting for input ${(st.waitMs / 1000).toFixed(2)} s, GPU merge ${(st.mergeMs / 1000).toFixed(2)} s, write+hash ${(st.writeMs / 1000).toFixed(2)} s`);
    console.log(`  peak memory      tab ${mb(peak.tab)} MB + GPU process ${mb(peak.gpu)} MB = ${mb(peak.sum)} MB during the merge (target < 1500 MB)`);
    console.log(`  floor read peak  tab ${mb(floorPeak.tab)} MB + GPU process ${mb(floorPeak.gpu)} MB (Chromium streaming the same bytes, for comparison)`);
    console.log(`  idle memory      tab ${mb(idle.tab)} MB + GPU process ${mb(idle.gpu)} MB (worker and device up, before any merge)`);
    await browser.page.evaluate((id) => window.mergeHarness.clearJob(id), done.jobId);
  } finally {
    await browser.close();
    await hub.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`${FILE}:1:1: error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
