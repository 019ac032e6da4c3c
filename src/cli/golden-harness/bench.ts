/**
 * Browser side of `npm run bench:kernels`: per merge method, time mergeTensorGpu on a synthetic
 * model family (inputs generated in the page), next to the memory-copy floors measured on the
 * same device in the same run. Throughput is bytes of input (models + base) per second.
 */
import { METHODS } from "../../core/methods/registry.ts";
import type { MethodName, MethodSpec } from "../../core/methods/types.ts";
import { encodeBf16 } from "../../core/numeric/bf16.ts";
import { uploadBuffer } from "../../gpu/buffers.ts";
import { getDevice } from "../../gpu/device.ts";
import { mergeTensorGpu, type GpuBytesInput } from "../../gpu/merge-tensor.ts";

export interface BenchOptions {
  shape: number[];
  models: number;
  dtype: "BF16" | "F32";
  methods: string[];
  iters: number;
}

export interface BenchRow {
  method: string;
  models: number;
  inputBytes: number;
  /** Best of `iters` timed runs, after one warm-up run. */
  ms: number;
  gbps: number;
  error?: string;
}

export interface BenchReport {
  adapter: string;
  /** Upload every input + read one output back, no compute: the floor of the data path. */
  transferGbps: number;
  /** GPU-side buffer copy of the same input bytes. */
  deviceCopyGbps: number;
  rows: BenchRow[];
}

const OVERRIDES: Record<string, number> = { t: 0.4, density: 0.5, gamma: 0.01, select_topk: 0.5 };

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function tensorBytes(values: Float32Array, dtype: "BF16" | "F32"): GpuBytesInput {
  const data = dtype === "BF16" ? encodeBf16(values) : values;
  return { dtype, bytes: new Uint8Array(data.buffer) };
}

function family(numel: number, n: number, dtype: "BF16" | "F32"): { base: GpuBytesInput; models: GpuBytesInput[] } {
  const r = rng(42);
  const base = Float32Array.from({ length: numel }, () => r() * 0.1);
  const models = Array.from({ length: n }, () => tensorBytes(base.map((b) => b + r() * 0.01), dtype));
  return { base: tensorBytes(base, dtype), models };
}

function params(spec: MethodSpec, n: number) {
  const global: Record<string, number | boolean> = {};
  for (const p of spec.globalParams) {
    const v = OVERRIDES[p.name] ?? p.default;
    if (v !== undefined) global[p.name] = v;
  }
  const perModel = Array.from({ length: n }, (_, i) => {
    const rec: Record<string, number> = {};
    for (const p of spec.perModelParams) {
      const v = p.name === "weight" ? 1 / (i + 1) : (OVERRIDES[p.name] ?? p.default);
      if (typeof v === "number") rec[p.name] = v;
    }
    return rec;
  });
  return { global, perModel };
}

async function timeIt(iters: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: pipeline compilation
  let best = Infinity;
  for (let i = 0; i < iters; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function floors(device: GPUDevice, inputs: GpuBytesInput[], outBytes: number, iters: number): Promise<{ transferGbps: number; deviceCopyGbps: number }> {
  const total = inputs.reduce((s, x) => s + x.bytes.byteLength, 0);
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const transferMs = await timeIt(iters, async () => {
    const bufs = inputs.map((x) => uploadBuffer(device, x.bytes, "bench-upload"));
    const staging = device.createBuffer({ size: Math.ceil(outBytes / 4) * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(bufs[0], 0, staging, 0, staging.size);
    device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    staging.destroy();
    bufs.forEach((b) => b.destroy());
  });
  const size = Math.ceil(total / 4) * 4;
  const src = device.createBuffer({ size, usage });
  const dst = device.createBuffer({ size, usage });
  const copyMs = await timeIt(iters, async () => {
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(src, 0, dst, 0, size);
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
  });
  src.destroy();
  dst.destroy();
  return { transferGbps: total / 1e6 / transferMs, deviceCopyGbps: total / 1e6 / copyMs };
}

/** Run the benchmark; `onRow` reports progress. */
export async function runBench(o: BenchOptions, onRow?: (row: BenchRow) => void): Promise<BenchReport> {
  const device = await getDevice();
  const numel = o.shape.reduce((a, b) => a * b, 1);
  const maxModels = Math.max(o.models, 3);
  const fam = family(numel, maxModels, o.dtype);
  const outBytes = numel * (o.dtype === "BF16" ? 2 : 4);
  const { transferGbps, deviceCopyGbps } = await floors(device, [...fam.models.slice(0, o.models), fam.base], outBytes, o.iters);
  const rows: BenchRow[] = [];
  const specs = METHODS.filter((m) => o.methods.length === 0 || o.methods.includes(m.name));
  for (const spec of specs) {
    const n = Math.max(spec.models.min, Math.min(spec.models.max ?? o.models, o.models));
    const base = spec.base === "unused" ? null : fam.base;
    const models = fam.models.slice(0, n);
    const inputBytes = [...models, ...(base ? [base] : [])].reduce((s, x) => s + x.bytes.byteLength, 0);
    const { global, perModel } = params(spec, n);
    const row: BenchRow = { method: spec.name, models: n, inputBytes, ms: NaN, gbps: NaN };
    try {
      row.ms = await timeIt(o.iters, () => mergeTensorGpu(device, { method: spec.name as MethodName, shape: o.shape, models, base, global, perModel, seed: 1, tensorName: "bench.weight", outDtype: o.dtype }));
      row.gbps = inputBytes / 1e6 / row.ms;
    } catch (e) {
      row.error = (e as Error).message;
    }
    rows.push(row);
    onRow?.(row);
  }
  const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  return { adapter: info ? `${info.vendor} ${info.architecture} ${info.description}`.trim() : "unknown", transferGbps, deviceCopyGbps, rows };
}
