import { describe, expect, test } from "vitest";
import { decodeGoldenOutput, encodeGoldenOutput, goldenOutputName } from "./output-file.ts";
import type { GoldenCase } from "./manifest.ts";

const kase = (dtype: "F32" | "BF16"): GoldenCase =>
  ({ id: "x-p01", method: "linear", kind: "exact", file: "x-p01.safetensors", shape: [2, 2], expected_dtype: dtype }) as GoldenCase;

describe("golden output files", () => {
  test("F32 round-trips exactly, under the name <id>.safetensors", () => {
    const c = kase("F32");
    const v = new Float32Array([1.1, -2.2, 3.3, 0]);
    expect(goldenOutputName(c)).toBe("x-p01.safetensors");
    expect(decodeGoldenOutput(c, encodeGoldenOutput(c, v))).toEqual(v);
  });
  test("BF16 cases store bf16 (round to nearest even)", () => {
    const c = kase("BF16");
    const file = encodeGoldenOutput(c, new Float32Array([1 + 2 ** -8, 1 + 3 * 2 ** -8, -3, 0.5]));
    expect(Array.from(decodeGoldenOutput(c, file))).toEqual([1, 1 + 2 ** -6, -3, 0.5]);
  });
  test("a wrong shape is reported", () => {
    const other = { ...kase("F32"), shape: [4] };
    expect(() => decodeGoldenOutput(kase("F32"), encodeGoldenOutput(other, new Float32Array(4)))).toThrow(/shape \[4\], the case needs \[2, 2\]/);
  });
});
