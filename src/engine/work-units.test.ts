import { describe, expect, test } from "vitest";
import type { PlannedTensor } from "../core/plan/types.ts";
import { planWorkUnits } from "./work-units.ts";

function tensor(name: string, method: PlannedTensor["method"], shape: number[], nSources = 2): PlannedTensor {
  const numel = shape.reduce((a, b) => a * b, 1);
  return {
    name, shape, dtype: "BF16", mergeDtype: "BF16", method, global: {}, perModel: [], seed: 0, layerIndex: null, shard: 0, offset: 0,
    byteSize: numel * 2,
    sources: Array.from({ length: nSources }, (_, i) => ({ modelIndex: i, role: "model" as const, tensorName: name, file: "model.safetensors", byteRange: [100, 100 + numel * 2] as [number, number], dtype: "BF16" as const, shape })),
  };
}

describe("planWorkUnits", () => {
  test("cuts an elementwise tensor into row runs that cover it exactly and fit the budget", () => {
    const t = tensor("w", "linear", [10, 8]); // per row: 8 elems * (2+2 in + 2 out) = 48 bytes
    const units = planWorkUnits([t], () => false, 100);
    expect(units.map((u) => [u.rowStart, u.rowEnd])).toEqual([[0, 2], [2, 4], [4, 6], [6, 8], [8, 10]]);
    expect(units.every((u) => u.memBytes <= 100)).toBe(true);
    expect(units.map((u) => u.outOffset)).toEqual([0, 32, 64, 96, 128]);
    expect(units.map((u) => u.last)).toEqual([false, false, false, false, true]);
    expect(units[0].shape).toEqual([2, 8]);
  });

  test("keeps whole-tensor methods whole, and skips finished tensors", () => {
    const units = planWorkUnits([tensor("a", "ties", [10, 8]), tensor("b", "linear", [4])], (n) => n === "b", 10);
    expect(units).toHaveLength(1);
    expect(units[0]).toMatchObject({ rowStart: 0, rowEnd: 10, last: true });
  });

  test("a scalar tensor is one unit", () => {
    const units = planWorkUnits([tensor("s", "linear", [])], () => false, 1);
    expect(units).toHaveLength(1);
    expect(units[0].shape).toEqual([]);
  });

  test("a whole-tensor unit over the spill threshold is spilled and reserves half of it; small ones, cut ones and remapped ones are not", () => {
    // ties [100, 8], 2 BF16 sources: 100 * 8 * (2 + 2 + 2) = 4800 bytes held whole.
    const big = tensor("big", "ties", [100, 8]);
    const small = tensor("small", "ties", [2, 8]); // 96 bytes
    const cut = tensor("cut", "linear", [100, 8]);
    const remapped = tensor("embed", "slerp", [100, 8]);
    const units = planWorkUnits([big, small, cut, remapped], () => false, 1000, (t) => t.name === "embed", 2000);
    const byName = (n: string) => units.filter((u) => u.tensor.name === n);
    expect(byName("big")).toHaveLength(1);
    expect(byName("big")[0]).toMatchObject({ spill: true, memBytes: 1000, inBytes: 3200, outBytes: 1600, rowStart: 0, rowEnd: 100, last: true });
    expect(byName("small")[0]).toMatchObject({ spill: false, memBytes: 96 });
    expect(byName("cut").length).toBeGreaterThan(1);
    expect(byName("cut").every((u) => !u.spill && u.memBytes <= 1000)).toBe(true);
    // A remapped embedding cannot be streamed from its sources: it stays whole, over the threshold.
    expect(byName("embed")[0]).toMatchObject({ spill: false, memBytes: 4800 });
  });

  test("without a spill threshold nothing is spilled", () => {
    const units = planWorkUnits([tensor("big", "ties", [100, 8])], () => false, 10);
    expect(units[0]).toMatchObject({ spill: false, memBytes: 4800, outBytes: 1600 });
  });
});
