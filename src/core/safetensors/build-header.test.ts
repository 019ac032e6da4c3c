import { describe, expect, it } from "vitest";
import { buildSafetensorsHeader, serializeSafetensors } from "./build-header.ts";
import { SafetensorsError } from "./errors.ts";
import { parseSafetensorsFile } from "./parse-file.ts";
import { decodeTensorToF32, encodeF32ToTensor } from "./tensor-codec.ts";

describe("buildSafetensorsHeader / serializeSafetensors", () => {
  it("lays out offsets in order and pads the header so data starts at a multiple of 8", () => {
    for (const name of ["a", "ab", "abc", "abcd", "abcde", "x".repeat(13)]) {
      const h = buildSafetensorsHeader([
        { name, dtype: "BF16", shape: [3] },
        { name: `${name}2`, dtype: "F32", shape: [2, 2] },
      ]);
      expect(h.dataStart % 8).toBe(0);
      expect(h.offsets).toEqual([[0, 6], [6, 22]]);
      expect(h.dataLength).toBe(22);
      expect(new TextDecoder().decode(h.bytes.subarray(8)).trimEnd().endsWith("}")).toBe(true);
    }
  });

  it("round-trips values through serialize -> parse -> decode for F32, BF16 and F16", () => {
    const values = new Float32Array([0, -0, 1, -2.5, 1 / 3, 65504, 1e-4, 3.14159]);
    const tensors = (["F32", "BF16", "F16"] as const).map((dtype) => ({
      name: `w.${dtype}`,
      dtype,
      shape: [2, 4],
      data: encodeF32ToTensor(values, dtype),
    }));
    const file = serializeSafetensors(tensors, { format: "pt", note: "x" });
    const h = parseSafetensorsFile(file);
    expect(h.metadata).toEqual({ format: "pt", note: "x" });
    for (const t of h.tensors) {
      const bytes = file.subarray(h.dataStart + t.dataOffsets[0], h.dataStart + t.dataOffsets[1]);
      const got = decodeTensorToF32(bytes, t.dtype);
      const tol = t.dtype === "F32" ? 0 : t.dtype === "BF16" ? 2 ** -8 : 2 ** -11;
      values.forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThanOrEqual(Math.abs(v) * tol));
    }
  });

  it("decodes tensors that start at an odd byte offset", () => {
    const data = encodeF32ToTensor(new Float32Array([1.5, -2]), "BF16");
    const buf = new Uint8Array(data.length + 1);
    buf.set(data, 1);
    expect(Array.from(decodeTensorToF32(buf.subarray(1), "BF16"))).toEqual([1.5, -2]);
  });

  it("rejects duplicate names, wrong data sizes and non-float decodes", () => {
    const d = { name: "a", dtype: "U8" as const, shape: [1] };
    expect(() => buildSafetensorsHeader([d, d])).toThrow(SafetensorsError);
    expect(() => serializeSafetensors([{ ...d, data: new Uint8Array(2) }])).toThrow(/needs 1/);
    expect(() => decodeTensorToF32(new Uint8Array(4), "I32")).toThrow(/cannot decode I32/);
    expect(() => decodeTensorToF32(new Uint8Array(3), "F16")).toThrow(/whole number/);
  });
});
