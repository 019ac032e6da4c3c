import { describe, expect, it } from "vitest";
import { serializeSafetensors } from "./build-header.ts";
import { SafetensorsError } from "./errors.ts";
import { parseSafetensorsHeader, readHeaderLength } from "./parse-header.ts";
import type { SafetensorsHeader } from "./types.ts";

const CAP = 1 << 20; // a reader would allocate at most this much for a header

/** mulberry32: small seeded PRNG so failures reproduce. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function baseFile(): Uint8Array {
  return serializeSafetensors([
    { name: "model.embed_tokens.weight", dtype: "BF16", shape: [8, 4], data: new Uint8Array(64) },
    { name: "model.layers.0.mlp.up_proj.weight", dtype: "F32", shape: [4, 2], data: new Uint8Array(32) },
    { name: "model.norm.weight", dtype: "F16", shape: [4], data: new Uint8Array(8) },
    { name: "lm_head.bias", dtype: "U8", shape: [0], data: new Uint8Array(0) },
  ]);
}

const HOSTILE_VALUES = [
  "-1", "1e308", "9007199254740993", "4294967296", "[]", "{}", "null", '"F32"', "[-5,3]", "[3,1]",
  "[0,9999999999]", "[1e9,1e9,1e9]", "1.5", "true", '"\\u0000"', "[[[[[[[[[[1]]]]]]]]]]",
];

/** One hostile mutation of the valid file, chosen at random. */
function mutate(file: Uint8Array, r: () => number): Uint8Array {
  const n = new DataView(file.buffer).getUint32(0, true);
  const text = new TextDecoder().decode(file.subarray(8, 8 + n));
  const withText = (t: string, data = file.length - 8 - n) => {
    const enc = new TextEncoder().encode(t);
    const out = new Uint8Array(8 + enc.length + Math.max(0, data));
    new DataView(out.buffer).setUint32(0, enc.length, true);
    out.set(enc, 8);
    return out;
  };
  const pick = <T,>(a: readonly T[]) => a[Math.floor(r() * a.length)];
  switch (Math.floor(r() * 8)) {
    case 0: { // random byte flips anywhere, the length prefix included
      const out = file.slice();
      for (let k = 1 + Math.floor(r() * 6); k > 0; k--) out[Math.floor(r() * Math.min(out.length, 8 + n))] ^= 1 << Math.floor(r() * 8);
      return out;
    }
    case 1: { // huge or bogus length prefix
      const out = file.slice();
      const dv = new DataView(out.buffer);
      dv.setUint32(0, Math.floor(r() * 2 ** 32), true);
      dv.setUint32(4, r() < 0.5 ? 0 : Math.floor(r() * 2 ** 32), true);
      return out;
    }
    case 2: { // replace a number or array in the JSON with a hostile value
      const spots = [...text.matchAll(/\[[^\]]*\]|\d+|"[A-Z0-9_]+"/g)];
      const m = pick(spots);
      return withText(text.slice(0, m.index) + pick(HOSTILE_VALUES) + text.slice(m.index + m[0].length));
    }
    case 3: // deep JSON
      return withText(`{"a":${"[".repeat(1 + Math.floor(r() * 50000))}1${"]".repeat(Math.floor(r() * 50000))}}`);
    case 4: // non-object JSON
      return withText(pick(["[]", "null", "1", '"x"', "true", "  ", "{", "{}}", "\u0000{}"]));
    case 5: // truncation of header or data
      return file.slice(0, Math.floor(r() * file.length));
    case 6: { // data section grows or shrinks
      return withText(text, file.length - 8 - n + Math.floor(r() * 20) - 10);
    }
    default: { // splice a random chunk of the header elsewhere (duplicates, broken structure)
      const a = Math.floor(r() * text.length);
      const b = Math.min(text.length, a + Math.floor(r() * 80));
      const at = Math.floor(r() * text.length);
      return withText(text.slice(0, at) + text.slice(a, b) + text.slice(at));
    }
  }
}

/** Parse the way a reader does: 8 bytes first, then exactly N header bytes. */
function parseLikeReader(file: Uint8Array): SafetensorsHeader {
  const n = readHeaderLength(file.subarray(0, 8), { maxHeaderLength: CAP, fileSize: file.length });
  expect(n).toBeLessThanOrEqual(CAP); // the allocation a reader would make is bounded
  return parseSafetensorsHeader(file.subarray(8, 8 + n), { headerLength: n, fileSize: file.length, maxHeaderLength: CAP });
}

describe("safetensors header fuzz", () => {
  it("parses consistently or throws SafetensorsError on thousands of hostile inputs", () => {
    const r = prng(20261123);
    const base = baseFile();
    const started = Date.now();
    const codes = new Map<string, number>();
    let parsed = 0;
    for (let i = 0; i < 4000; i++) {
      const file = mutate(base, r);
      let h: SafetensorsHeader;
      try {
        h = parseLikeReader(file);
      } catch (e) {
        if (!(e instanceof SafetensorsError)) throw new Error(`case ${i}: non-SafetensorsError ${String(e)}`);
        expect(e.message.length).toBeLessThan(1000);
        codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
        continue;
      }
      parsed++;
      // A header that parses must describe the file exactly: tiled, in bounds, unique.
      let cursor = 0;
      for (const t of h.tensors) {
        expect(t.dataOffsets[0]).toBe(cursor);
        cursor = t.dataOffsets[1];
      }
      expect(h.dataStart + cursor).toBe(file.length);
      expect(h.byName.size).toBe(h.tensors.length);
    }
    expect(Date.now() - started).toBeLessThan(15_000); // ~0.5 s normally; generous for loaded CI, still catches hangs
    // The mutations must actually exercise many distinct rejections, and some survive.
    expect(codes.size).toBeGreaterThanOrEqual(10);
    expect(parsed).toBeGreaterThan(0);
  });
});
