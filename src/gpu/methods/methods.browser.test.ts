import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { METHODS, METHOD_NAMES } from "../../core/methods/registry.ts";
import type { MethodName, MethodSpec } from "../../core/methods/types.ts";
import { f32ToBf16Bits, bf16BitsToF32 } from "../../core/numeric/bf16.ts";
import { f16BitsToF32, f32BitsToF16Bits } from "../../core/numeric/f16.ts";
import { getDevice } from "../device.ts";
import { setTileElementsForTesting } from "../merge/tiling.ts";
import { mergeTensorGpu, type GpuBytesInput, type GpuTensorInput, type MergeTensorRequest } from "../merge-tensor.ts";
import { shaderFile } from "../shader-source.ts";
import { GPU_METHODS } from "./registry.ts";

let device: GPUDevice;
beforeAll(async () => {
  // No adapter is a failure, never a skip.
  device = await getDevice();
});
afterEach(() => setTileElementsForTesting(null));

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Values chosen where a method needs more than its defaults to do something interesting. */
const OVERRIDES: Record<string, number | boolean> = { t: 0.35, density: 0.6, gamma: 0.05, select_topk: 0.5 };
const WEIGHTS = [0.5, 0.3, 0.8];

interface Variant {
  name: string;
  method: MethodName;
  global?: Record<string, number | boolean>;
}

const VARIANTS: Variant[] = [
  ...METHOD_NAMES.map((m) => ({ name: m, method: m })),
  { name: "nuslerp per row", method: "nuslerp", global: { nuslerp_flatten: false } },
  { name: "nuslerp per column", method: "nuslerp", global: { nuslerp_flatten: false, nuslerp_row_wise: true } },
  { name: "model_stock filter_wise", method: "model_stock", global: { filter_wise: true } },
  { name: "ties with rescale, lambda 0.7", method: "ties", global: { rescale: true, lambda: 0.7 } },
  { name: "nearswap t=0.01", method: "nearswap", global: { t: 0.01 } },
];

function modelCount(spec: MethodSpec): number {
  return Math.max(spec.models.min, Math.min(spec.models.max ?? 3, 3));
}

/** Random inputs (base + small task vectors, some exact zeros) and resolved parameters. */
function makeInputs(spec: MethodSpec, shape: number[], seed: number, global: Record<string, number | boolean>) {
  const r = rng(seed);
  const numel = shape.reduce((a, b) => a * b, 1);
  const n = modelCount(spec);
  const base = Float32Array.from({ length: numel }, () => r() * 2 - 1);
  const models = Array.from({ length: n }, () => Float32Array.from(base, (b) => (r() < 0.1 ? b : b + (r() - 0.5) * 0.4)));
  const resolvedGlobal: Record<string, number | boolean> = {};
  for (const p of spec.globalParams) {
    const v = global[p.name] ?? OVERRIDES[p.name] ?? p.default;
    if (v !== undefined) resolvedGlobal[p.name] = v;
  }
  const perModel = models.map((_, i) => {
    const rec: Record<string, number> = {};
    for (const p of spec.perModelParams) {
      const v = p.name === "weight" ? WEIGHTS[i] : (OVERRIDES[p.name] ?? p.default);
      if (typeof v === "number") rec[p.name] = v;
    }
    return rec;
  });
  const useBase = spec.base !== "unused";
  return { models, base: useBase ? base : null, global: resolvedGlobal, perModel, shape };
}

const f32Input = (x: Float32Array): GpuBytesInput => ({ dtype: "F32", bytes: new Uint8Array(x.slice().buffer) });

function compare(got: Float32Array, want: Float32Array): string[] {
  const scale = Math.max(1, ...Array.from(want, (x) => (Number.isFinite(x) ? Math.abs(x) : 0)));
  const bad: string[] = [];
  for (let i = 0; i < want.length && bad.length < 5; i++) {
    const ok = Number.isNaN(want[i]) ? Number.isNaN(got[i]) : Math.abs(got[i] - want[i]) <= 5e-5 * scale + 1e-4 * Math.abs(want[i]);
    if (!ok) bad.push(`#${i}: gpu ${got[i]} ts ${want[i]}`);
  }
  return bad;
}

describe("GPU method registry", () => {
  test("every mergekit method has exactly one GPU implementation", () => {
    expect([...GPU_METHODS.keys()].sort()).toEqual([...METHOD_NAMES].sort());
  });

  test("every method names WGSL kernels that exist", () => {
    for (const m of GPU_METHODS.values()) {
      expect(m.kernels.length, m.name).toBeGreaterThan(0);
      for (const k of m.kernels) expect(() => shaderFile(k), `${m.name}: ${k}`).not.toThrow();
    }
  });
});

describe("kernels match the TS references on random inputs (odd sizes; one tile and many tiles)", () => {
  const shape = [7, 37]; // 259 elements: not a multiple of 4 or of any workgroup size
  test.each(VARIANTS.map((v) => [v.name, v] as const))("%s", async (_name, v) => {
    const spec = METHODS.find((m) => m.name === v.method)!;
    const inputs = makeInputs(spec, shape, 1000 + v.name.length * 7, v.global ?? {});
    const want = spec.reference({ ...inputs, seed: 1234, tensorName: "model.layers.3.mlp.down_proj.weight" });
    const req: MergeTensorRequest = {
      method: v.method,
      shape,
      models: inputs.models.map(f32Input),
      base: inputs.base ? f32Input(inputs.base) : null,
      global: inputs.global,
      perModel: inputs.perModel,
      seed: 1234,
      tensorName: "model.layers.3.mlp.down_proj.weight",
      outDtype: "F32",
    };
    const single = new Float32Array((await mergeTensorGpu(device, req)).buffer);
    expect(compare(single, want)).toEqual([]);
    // A 4 KiB tile budget through the public request: several tiles of whole rows.
    const budget = new Float32Array((await mergeTensorGpu(device, { ...req, tileBudgetBytes: 4096 })).buffer);
    expect(compare(budget, want)).toEqual([]);
    setTileElementsForTesting(2 * shape[1]); // 4 tiles of 2 rows (the last has 1)
    const tiled = new Float32Array((await mergeTensorGpu(device, req)).buffer);
    expect(compare(tiled, want)).toEqual([]);
  });
});

describe("ties at the top-k boundary", () => {
  test.each(["ties", "breadcrumbs", "breadcrumbs_ties"] as const)("%s keeps exactly k of many equal magnitudes, ordered by position like the TS reference", async (method) => {
    const spec = METHODS.find((m) => m.name === method)!;
    const inputs = makeInputs(spec, [9, 40], 5, {});
    const r = rng(8);
    // Task vectors on 5 magnitude levels: every boundary falls inside a run of equal |delta|.
    // The base sits on a 1/64 grid so x - base is exact in f32 as well as in the reference's f64.
    inputs.base!.forEach((b, j) => (inputs.base![j] = Math.round(b * 64) / 64));
    inputs.models.forEach((m) => m.forEach((_, j) => (m[j] = inputs.base![j] + (Math.floor(r() * 11) - 5) * 0.125)));
    const want = spec.reference({ ...inputs, seed: 0, tensorName: "x" });
    for (const tile of [null, 80]) {
      setTileElementsForTesting(tile);
      const out = new Float32Array(
        (await mergeTensorGpu(device, { method, shape: [9, 40], models: inputs.models.map(f32Input), base: f32Input(inputs.base!), global: inputs.global, perModel: inputs.perModel, seed: 0, tensorName: "x", outDtype: "F32" })).buffer,
      );
      expect(compare(out, want), `tile ${tile}`).toEqual([]);
    }
  });
});

describe("dtypes and NaN", () => {
  test("BF16 and F16 inputs, BF16 and F16 outputs (linear)", async () => {
    const spec = METHODS.find((m) => m.name === "linear")!;
    const inputs = makeInputs(spec, [3, 33], 77, {});
    const bf = (x: Float32Array) => Uint16Array.from(x, f32ToBf16Bits);
    const f16 = (x: Float32Array) => Uint16Array.from(new Uint32Array(x.slice().buffer), f32BitsToF16Bits);
    const a = bf(inputs.models[0]);
    const b = f16(inputs.models[1]);
    const c = inputs.models[2];
    const decoded = [Float32Array.from(a, bf16BitsToF32), Float32Array.from(b, f16BitsToF32), c];
    const want = spec.reference({ ...inputs, models: decoded, seed: 0, tensorName: "x" });
    const models: GpuTensorInput[] = [
      { dtype: "BF16", bytes: new Uint8Array(a.buffer) },
      { dtype: "F16", bytes: new Uint8Array(b.buffer) },
      f32Input(c),
    ];
    const base = { method: "linear" as const, shape: [3, 33], models, base: null, global: inputs.global, perModel: inputs.perModel, seed: 0, tensorName: "x" };
    const outBf = new Uint16Array((await mergeTensorGpu(device, { ...base, outDtype: "BF16" })).buffer);
    expect(Array.from(outBf)).toEqual(Array.from(want, f32ToBf16Bits));
    const outF16 = new Uint16Array((await mergeTensorGpu(device, { ...base, outDtype: "F16" })).buffer);
    expect(Array.from(outF16)).toEqual(Array.from(f16(want)));
  });

  test.each(["linear", "task_arithmetic", "nearswap", "ram"] as const)("a NaN input element propagates to that output element only (%s)", async (method) => {
    const spec = METHODS.find((m) => m.name === method)!;
    const inputs = makeInputs(spec, [5, 11], 31, {});
    inputs.models[0][17] = NaN;
    const want = spec.reference({ ...inputs, seed: 0, tensorName: "x" });
    const out = new Float32Array(
      (await mergeTensorGpu(device, { method, shape: [5, 11], models: inputs.models.map(f32Input), base: inputs.base ? f32Input(inputs.base) : null, global: inputs.global, perModel: inputs.perModel, seed: 0, tensorName: "x", outDtype: "F32" })).buffer,
    );
    expect(Number.isNaN(out[17])).toBe(Number.isNaN(want[17]));
    expect(compare(out, want)).toEqual([]);
  });
});

describe("a base given to a method that does not use it", () => {
  test.each(["linear", "passthrough"] as const)("%s ignores it, even when it holds NaN", async (method) => {
    const spec = METHODS.find((m) => m.name === method)!;
    const inputs = makeInputs(spec, [4, 5], 3, {});
    const want = spec.reference({ ...inputs, seed: 0, tensorName: "x" });
    const base = f32Input(new Float32Array(20).fill(NaN));
    const out = new Float32Array((await mergeTensorGpu(device, { method, shape: [4, 5], models: inputs.models.map(f32Input), base, global: inputs.global, perModel: inputs.perModel, seed: 0, tensorName: "x", outDtype: "F32" })).buffer);
    expect(compare(out, want)).toEqual([]);
  });
});

describe("bad requests fail with specific messages", () => {
  test("wrong byte length, missing base, missing parameter", async () => {
    const x = f32Input(new Float32Array(6));
    const req: MergeTensorRequest = { method: "ties", shape: [2, 3], models: [x], base: x, global: {}, perModel: [{ weight: 1, density: 0.5 }], seed: 0, tensorName: "t", outDtype: "F32" };
    await expect(mergeTensorGpu(device, { ...req, models: [f32Input(new Float32Array(5))] })).rejects.toThrow(/model 0 has 20 bytes, but shape \[2, 3\] in F32 needs 24/);
    await expect(mergeTensorGpu(device, { ...req, base: null })).rejects.toThrow(/needs base_model/);
    await expect(mergeTensorGpu(device, { ...req, perModel: [{ density: 0.5 }] })).rejects.toThrow(/model 0 has no "weight"/);
    await expect(mergeTensorGpu(device, { ...req, method: "della", perModel: [{ weight: 1, density: 0.9, epsilon: 0.15 }] })).rejects.toThrow(/density \+\/- epsilon/);
  });
});

describe("tile readers and an output sink give the same bytes as whole arrays", () => {
  /** A reader over `bytes` that counts reads and hands out views at odd offsets (BF16 tiles). */
  const readerOf = (input: GpuBytesInput, reads: { n: number }): GpuTensorInput => ({
    dtype: input.dtype,
    read: async (start, count) => {
      reads.n++;
      const size = input.dtype === "F32" ? 4 : 2;
      return input.bytes.subarray(start * size, (start + count) * size);
    },
  });
  const bf16Input = (x: Float32Array): GpuBytesInput => ({ dtype: "BF16", bytes: new Uint8Array(Uint16Array.from(x, f32ToBf16Bits).buffer) });

  test.each(VARIANTS.map((v) => [v.name, v] as const))("%s", async (_name, v) => {
    const spec = METHODS.find((m) => m.name === v.method)!;
    const shape = [9, 13]; // odd row length: BF16 tiles start at odd byte offsets
    const inputs = makeInputs(spec, shape, 500 + v.name.length, v.global ?? {});
    const req: MergeTensorRequest = {
      method: v.method, shape, models: inputs.models.map(bf16Input), base: inputs.base ? bf16Input(inputs.base) : null,
      global: inputs.global, perModel: inputs.perModel, seed: 99, tensorName: "model.layers.0.mlp.up_proj.weight", outDtype: "BF16",
    };
    for (const tile of [3 * 13, 13]) {
      setTileElementsForTesting(tile);
      const whole = await mergeTensorGpu(device, req);
      const reads = { n: 0 };
      const chunks: [number, Uint8Array][] = [];
      const streamed = await mergeTensorGpu(device, {
        ...req,
        models: (req.models as GpuBytesInput[]).map((m) => readerOf(m, reads)),
        base: req.base ? readerOf(req.base as GpuBytesInput, reads) : null,
        writeOut: (at, bytes) => void chunks.push([at, bytes.slice()]),
      });
      expect(streamed.length).toBe(0);
      expect(reads.n).toBeGreaterThan(1);
      // Ordered, gap-free chunks that add up to exactly the whole-array output.
      let next = 0;
      for (const [at, bytes] of chunks) {
        expect(at).toBe(next);
        next += bytes.length;
      }
      const joined = new Uint8Array(next);
      for (const [at, bytes] of chunks) joined.set(bytes, at);
      expect(Array.from(joined), `tile ${tile}`).toEqual(Array.from(whole));
    }
  });

  test("a reader that returns the wrong length fails with where and how much", async () => {
    const x = f32Input(new Float32Array(6));
    const short: GpuTensorInput = { dtype: "F32", read: (start, count) => new Uint8Array(count * 4 - 4) };
    const req: MergeTensorRequest = { method: "ties", shape: [2, 3], models: [short], base: x, global: {}, perModel: [{ weight: 1, density: 0.5 }], seed: 0, tensorName: "t", outDtype: "F32" };
    await expect(mergeTensorGpu(device, req)).rejects.toThrow(/tensor t \(ties\): model 0 read of elements \[0, 6\) returned 20 bytes instead of 24/);
  });
});
