import { describe, expect, test } from "vitest";
import { parseSafetensorsFile } from "../core/safetensors/index.ts";
import { buildShardHeader } from "./shard-header.ts";

describe("buildShardHeader", () => {
  test("places tensors contiguously after an 8-aligned header with format pt metadata", () => {
    const h = buildShardHeader([
      { name: "a.weight", dtype: "BF16", shape: [3, 5] },
      { name: "b", dtype: "F32", shape: [7] },
    ]);
    expect(h.bytes.length % 8).toBe(0);
    expect(h.fileOffsets.get("a.weight")).toBe(h.bytes.length);
    expect(h.fileOffsets.get("b")).toBe(h.bytes.length + 30);
    expect(h.dataOffsets.get("b")).toBe(30);
    expect(h.fileSize).toBe(h.bytes.length + 58);
    // The header plus zeroed data is a valid safetensors file that a reader accepts.
    const file = new Uint8Array(h.fileSize);
    file.set(h.bytes);
    const parsed = parseSafetensorsFile(file);
    expect(parsed.metadata).toEqual({ format: "pt" });
  });
});
