import { describe, expect, test } from "vitest";
import type { PlannedTensor } from "../core/plan/types.ts";
import { scratchReserve } from "./spill.ts";

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
