import { describe, expect, it } from "vitest";
import { SafetensorsError } from "./errors.ts";
import { parseSafetensorsFile } from "./parse-file.ts";
import { parseSafetensorsHeader, readHeaderLength } from "./parse-header.ts";

/** A raw file: 8-byte length + header text + `dataLen` zero bytes (no validation: tests build bad files). */
function rawFile(header: unknown, dataLen: number): Uint8Array {
  const text = new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + dataLen);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  return out;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SafetensorsError);
    return (e as SafetensorsError).code;
  }
  return "NO_ERROR";
}

const t = (dtype: string, shape: number[], offsets: [number, number]) => ({ dtype, shape, data_offsets: offsets });

describe("readHeaderLength", () => {
  it("reads a little-endian u64", () => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, 4112n, true);
    expect(readHeaderLength(b)).toBe(4112);
  });
  it("rejects short input, lengths over the cap, and headers past the file end", () => {
    expect(codeOf(() => readHeaderLength(new Uint8Array(5)))).toBe("TRUNCATED");
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, 2n ** 63n, true);
    expect(codeOf(() => readHeaderLength(b))).toBe("HEADER_TOO_LARGE");
    new DataView(b.buffer).setBigUint64(0, 1000n, true);
    expect(codeOf(() => readHeaderLength(b, { maxHeaderLength: 999 }))).toBe("HEADER_TOO_LARGE");
    expect(codeOf(() => readHeaderLength(b, { fileSize: 1007 }))).toBe("HEADER_PAST_EOF");
    expect(readHeaderLength(b, { fileSize: 1008 })).toBe(1000);
  });
});

describe("parseSafetensorsHeader", () => {
  it("parses entries sorted by offset, with metadata and data start", () => {
    const file = rawFile(
      { b: t("F32", [2], [4, 12]), __metadata__: { format: "pt" }, a: t("BF16", [2], [0, 4]), e: t("F16", [0, 3], [12, 12]) },
      12,
    );
    const h = parseSafetensorsFile(file);
    expect(h.tensors.map((x) => x.name)).toEqual(["a", "b", "e"]);
    expect(h.byName.get("b")).toEqual({ name: "b", dtype: "F32", shape: [2], dataOffsets: [4, 12] });
    expect(h.metadata).toEqual({ format: "pt" });
    expect(h.dataStart).toBe(file.length - 12);
    expect(h.dataLength).toBe(12);
  });

  it("accepts leading and trailing whitespace padding and scalars", () => {
    const h = parseSafetensorsFile(rawFile(`  ${JSON.stringify({ s: t("F32", [], [0, 4]) })}     `, 4));
    expect(h.tensors[0].shape).toEqual([]);
  });

  it.each([
    ["unknown dtype", { a: t("F4", [2], [0, 1]) }, 1, "BAD_DTYPE"],
    ["negative dim", { a: t("F32", [-1], [0, 4]) }, 4, "BAD_SHAPE"],
    ["fractional dim", { a: t("F32", [1.5], [0, 6]) }, 6, "BAD_SHAPE"],
    ["giant shape", { a: t("F32", [2 ** 30, 2 ** 30, 2 ** 30], [0, 4]) }, 4, "BAD_SHAPE"],
    ["shape not array", { a: { dtype: "F32", shape: "2", data_offsets: [0, 8] } }, 8, "BAD_SHAPE"],
    ["byte count mismatch", { a: t("F32", [3], [0, 8]) }, 8, "SIZE_MISMATCH"],
    ["reversed offsets", { a: t("U8", [0], [4, 0]) }, 4, "BAD_OFFSETS"],
    ["negative offsets", { a: t("U8", [4], [-4, 0]) }, 4, "BAD_OFFSETS"],
    ["overlap", { a: t("U8", [4], [0, 4]), b: t("U8", [4], [2, 6]) }, 6, "OFFSETS_OVERLAP"],
    ["gap", { a: t("U8", [4], [0, 4]), b: t("U8", [4], [6, 10]) }, 10, "OFFSETS_GAP"],
    ["not starting at 0", { a: t("U8", [4], [2, 6]) }, 6, "OFFSETS_GAP"],
    ["past end of file", { a: t("U8", [4], [0, 4]) }, 3, "OFFSETS_PAST_EOF"],
    ["trailing bytes", { a: t("U8", [4], [0, 4]) }, 5, "INCOMPLETE_BUFFER"],
    ["metadata not strings", { __metadata__: { n: 1 } }, 0, "BAD_METADATA"],
    ["metadata not object", { __metadata__: "x" }, 0, "BAD_METADATA"],
    ["entry not object", { a: [1, 2] }, 0, "BAD_ENTRY"],
    ["array header", [1, 2], 0, "NOT_AN_OBJECT"],
    ["string header", '"abc"', 0, "NOT_AN_OBJECT"],
    ["broken json", '{"a": {"dtype": "F32",', 0, "BAD_JSON"],
    ["deep json", `{"a": ${"[".repeat(100000)}${"]".repeat(100000)}}`, 0, "JSON_TOO_DEEP"],
    ["duplicate name", `{"a": ${JSON.stringify(t("U8", [1], [0, 1]))}, "a": ${JSON.stringify(t("U8", [1], [1, 2]))}}`, 2, "DUPLICATE_TENSOR"],
  ])("rejects %s with %s", (_label, header, dataLen, code) => {
    expect(codeOf(() => parseSafetensorsFile(rawFile(header, dataLen)))).toBe(code);
  });

  it("rejects escaped duplicate names and invalid UTF-8", () => {
    const entry = JSON.stringify(t("U8", [1], [0, 1]));
    expect(codeOf(() => parseSafetensorsFile(rawFile(`{"a\\u0062": ${entry}, "ab": ${entry}}`, 1)))).toBe("DUPLICATE_TENSOR");
    const bad = rawFile('{"__metadata__": {"x": "yy"}}', 0);
    bad.set([0xff, 0xfe], bad.length - 5);
    expect(codeOf(() => parseSafetensorsFile(bad))).toBe("BAD_UTF8");
  });

  it("gives messages that name the tensor, the offsets and the file size", () => {
    try {
      parseSafetensorsFile(rawFile({ "model.x": t("U8", [4], [0, 4]) }, 3));
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/tensor 'model.x': data_offsets \[0, 4\] extend past the end of the file \(size \d+/);
    }
  });

  it("ignores unknown fields in an entry, like the reference reader", () => {
    const h = parseSafetensorsFile(rawFile({ a: { ...t("U8", [1], [0, 1]), extra: { deep: [1] } } }, 1));
    expect(h.byName.get("a")).toEqual({ name: "a", dtype: "U8", shape: [1], dataOffsets: [0, 1] });
  });

  it("rejects a header shorter than its length prefix says", () => {
    expect(codeOf(() => parseSafetensorsHeader(new TextEncoder().encode("{}"), { headerLength: 5 }))).toBe("TRUNCATED");
  });

  it("treats brackets inside strings as text (no false depth errors)", () => {
    const h = parseSafetensorsFile(rawFile({ __metadata__: { x: "[[[[[[[[{{{{{{\\\"" } }, 0));
    expect(h.metadata.x).toBe('[[[[[[[[{{{{{{\\"');
  });
});
