import { describe, expect, test } from "vitest";
import type { PlannedTensor } from "../core/plan/types.ts";
import { gpuTileBudget, scratchReserve, spillTileBudget, stageSource } from "./spill.ts";
import { planWorkUnits } from "./work-units.ts";

function tensor(name: string, method: PlannedTensor["method"], rows: number): PlannedTensor {
  const numel = rows * 8;
  return {
    name, shape: [rows, 8], dtype: "BF16", mergeDtype: "BF16", method, global: {}, perModel: [], seed: 0, layerIndex: null, shard: 0, offset: 0,
    byteSize: numel * 2,
    sources: Array.from({ length: 3 }, (_, i) => ({ modelIndex: i, role: i === 0 ? ("base" as const) : ("model" as const), tensorName: name, file: "model.safetensors", byteRange: [0, numel * 2] as [number, number], dtype: "BF16" as const, shape: [rows, 8] })),
  };
}

describe("scratchReserve", () => {
  test("reserves the inputs of the two biggest spilled tensors (one merging, one staged)", () => {
    // Held whole: rows * 8 * (3 * 2 + 2) bytes; over 2000 spills. Inputs: rows * 48 bytes.
    const tensors = [tensor("a", "ties", 100), tensor("b", "ties", 300), tensor("c", "slerp", 200), tensor("small", "ties", 4), tensor("cut", "linear", 900)];
    expect(scratchReserve(tensors, 2000, () => false)).toBe(300 * 48 + 200 * 48);
  });

  test("nothing to reserve when every whole tensor fits, or the big one is remapped (never spilled)", () => {
    expect(scratchReserve([tensor("a", "ties", 100)], 1_000_000, () => false)).toBe(0);
    expect(scratchReserve([tensor("embed", "ties", 100)], 2000, (t) => t.name === "embed")).toBe(0);
  });
});

describe("stageSource", () => {
  /** A source file of `size` bytes (byte i = i mod 251) that records every range read. */
  function source(size: number) {
    const file = Uint8Array.from({ length: size }, (_, i) => i % 251);
    const reads: [number, number][] = [];
    const reader = { readRange: async (_f: string, a: number, b: number) => (reads.push([a, b]), file.slice(a, b)), readFile: async () => new Uint8Array() };
    return { file, reads, reader };
  }
  /** An in-memory scratch region. */
  const memory = (size: number) => {
    const bytes = new Uint8Array(size);
    return { bytes, write: (b: Uint8Array, at: number) => void bytes.set(b, at) };
  };

  test("streams a source in chunks no bigger than asked, into its region", async () => {
    const t = tensor("w", "ties", 100); // 1600 bytes per source, at byte 0 of the file
    const { file, reads, reader } = source(1600);
    const scratch = memory(1600 + 16);
    const read = await stageSource(t, t.sources[1], [reader, reader, reader], scratch, 16, 500);
    expect(read).toBe(1600);
    expect(reads).toEqual([[0, 500], [500, 1000], [1000, 1500], [1500, 1600]]);
    expect(Array.from(scratch.bytes.subarray(16))).toEqual(Array.from(file));
  });

  test("a cropped source keeps the leading rows and columns, reading whole rows per chunk", async () => {
    // Output [3, 2] BF16 from a [5, 4] source starting at byte 8 of the file.
    const t: PlannedTensor = { ...tensor("embed", "ties", 1), shape: [3, 2], byteSize: 12, crop: [3, 2] };
    const src = { ...t.sources[1], shape: [5, 4], byteRange: [8, 8 + 40] as [number, number] };
    const { file, reads, reader } = source(48);
    const scratch = memory(12);
    await stageSource(t, src, [reader, reader], scratch, 0, 16); // 16 bytes: two source rows per read
    expect(reads).toEqual([[8, 24], [24, 32]]);
    const want = [0, 1, 2].flatMap((r) => Array.from(file.subarray(8 + r * 8, 8 + r * 8 + 4)));
    expect(Array.from(scratch.bytes)).toEqual(want);
  });
});

describe("spillTileBudget", () => {
  test("a quarter of the budget (half the unit's share), capped at 256 MiB, never under one row of every buffer", () => {
    const [mid] = planWorkUnits([tensor("w", "ties", 1000)], () => false, 1, () => false, 40_000);
    expect(mid.spill).toBe(true);
    expect(spillTileBudget(mid)).toBe(10_000);
    const [small] = planWorkUnits([tensor("w", "ties", 100)], () => false, 1, () => false, 4000);
    expect(spillTileBudget(small)).toBe(1024); // a quarter is 1000: the GPU's 1024-byte floor
    const [wide] = planWorkUnits([{ ...tensor("wide", "ties", 1), shape: [100, 5000] }], () => false, 1, () => false, 4000);
    expect(spillTileBudget(wide)).toBe(5000 * 4 * (3 * 3 + 4));
    const [huge] = planWorkUnits([tensor("h", "ties", 100)], () => false, 1, () => false, 2);
    expect(huge.spill).toBe(true);
    const big = { ...huge, memBytes: 2 ** 33 };
    expect(spillTileBudget(big)).toBe(256 * 1024 * 1024);
  });
});

describe("gpuTileBudget", () => {
  test("any unit's GPU tiles follow the engine budget: a quarter of it, capped, never under one row", () => {
    const [unit] = planWorkUnits([tensor("w", "ties", 1000)], () => false, 1, () => false, Infinity);
    expect(unit.spill).toBe(false);
    expect(gpuTileBudget(unit, 256 * 1024 * 1024)).toBe(64 * 1024 * 1024);
    expect(gpuTileBudget(unit, 2 ** 34)).toBe(256 * 1024 * 1024);
    const [wide] = planWorkUnits([{ ...tensor("wide", "ties", 1), shape: [100, 5000] }], () => false, 1, () => false, Infinity);
    expect(gpuTileBudget(wide, 4000)).toBe(5000 * 4 * (3 * 3 + 4));
  });
});
