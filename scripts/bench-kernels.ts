/**
 * `npm run bench:kernels -- [--shape 4096x14336] [--models 3] [--dtype bf16|f32] [--methods a,b]
 * [--iters 3]`: GPU throughput per merge method (GB/s of input: models + base) on a synthetic
 * family of large tensors, next to the memory-copy floors of the same run, in headless Chromium.
 * A benchmark, not a test. On SwiftShader (no GPU) use a small shape, e.g. --shape 256x1024.
 */
import { parseArgs } from "node:util";
import type { BenchOptions, BenchReport, BenchRow } from "../src/cli/golden-harness/bench.ts";
import { openGoldenHarness } from "../src/cli/golden-harness/open-harness.ts";

function options(): BenchOptions {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { shape: { type: "string", default: "4096x14336" }, models: { type: "string", default: "3" }, dtype: { type: "string", default: "bf16" }, methods: { type: "string", default: "" }, iters: { type: "string", default: "3" } },
  });
  const shape = values.shape.split("x").map(Number);
  const models = Number(values.models);
  const iters = Number(values.iters);
  const dtype = values.dtype.toUpperCase();
  if (shape.some((d) => !Number.isInteger(d) || d <= 0)) throw new Error(`--shape ${values.shape}: give positive integers like 4096x14336`);
  if (!Number.isInteger(models) || models < 2 || models > 4) throw new Error(`--models ${values.models}: give 2, 3 or 4`);
  if (!Number.isInteger(iters) || iters < 1) throw new Error(`--iters ${values.iters}: give a positive integer`);
  if (dtype !== "BF16" && dtype !== "F32") throw new Error(`--dtype ${values.dtype}: give bf16 or f32`);
  return { shape, models, dtype, methods: values.methods ? values.methods.split(",") : [], iters };
}

const fmt = (x: number, w: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "-").padStart(w);
/** Three significant digits: SwiftShader rates are far below 1 GB/s. */
const rate = (x: number, w: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toPrecision(3)) : "-").padStart(w);

function line(r: BenchRow): string {
  return `${r.method.padEnd(18)}${String(r.models).padStart(7)}${fmt(r.inputBytes / 1e6, 11, 1)}${fmt(r.ms, 11, 1)}${rate(r.gbps, 9)}${r.error ? `  error: ${r.error}` : ""}`;
}

async function main(): Promise<number> {
  const o = options();
  console.log(`bench:kernels: shape [${o.shape.join(", ")}] ${o.dtype}, up to ${o.models} models, best of ${o.iters} after a warm-up`);
  const harness = await openGoldenHarness();
  try {
    await harness.page.exposeFunction("benchProgress", (row: BenchRow) => console.log(line(row)));
    console.log(`${"method".padEnd(18)}${"models".padStart(7)}${"input MB".padStart(11)}${"ms".padStart(11)}${"GB/s".padStart(9)}`);
    const report: BenchReport = await harness.page.evaluate((opts) => window.goldenHarness.bench(opts), o);
    const failed = report.rows.filter((r) => r.error).length;
    console.log(`floors (same run): upload+readback ${rate(report.transferGbps, 0)} GB/s, device buffer copy ${rate(report.deviceCopyGbps, 0)} GB/s; adapter: ${report.adapter}`);
    console.log(`bench:kernels: ${report.rows.length - failed}/${report.rows.length} methods timed${failed ? `, ${failed} failed` : ""}`);
    return failed ? 1 : 0;
  } finally {
    await harness.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`bench:kernels: error: ${(e as Error).message}`);
    process.exit(1);
  },
);
