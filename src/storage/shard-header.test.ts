import { describe, expect, test } from "vitest";
import { buildShardHeader } from "./shard-header.ts";

describe("buildShardHeader", () => {
  test("lays tensors out contiguously after an 8-aligned header with format pt metadata", () => {
    const h = buildShardHeader([
      { name: "a.weight", dtype: "BF16", shape: [3, 5], byteLength: 30 },
      { name: "b", dtype: "F32", shape: [7], byteLength: 28 },
    ]);
    const n = Number(new DataView(h.bytes.buffer).getBigUint64(0, true));
    expect(h.bytes.length).toBe(8 + n);
    expect(h.bytes.length % 8).toBe(0);
    const parsed = JSON.parse(new TextDecoder().decode(h.bytes.subarray(8)));
    expect(parsed.__metadata__).toEqual({ format: "pt" });
    expect(parsed["a.weight"].data_offsets).toEqual([0, 30]);
    expect(parsed.b).toEqual({ dtype: "F32", shape: [7], data_offsets: [30, 58] });
    expect(h.fileOffsets.get("b")).toBe(h.bytes.length + 30);
    expect(h.fileSize).toBe(h.bytes.length + 58);
    expect(h.dataBytes).toBe(58);
  });

  test("rejects a tensor listed twice", () => {
    const t = { name: "x", dtype: "F32", shape: [1], byteLength: 4 };
    expect(() => buildShardHeader([t, t])).toThrow(/"x" twice/);
  });
});
