import { describe, expect, it } from "vitest";
import { decodeF16, encodeF16, f16BitsToF32, f32ToF16Bits } from "./f16.ts";

/** Reference decode from the IEEE definition, independent of the bit tricks in f16.ts. */
function refDecode(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

describe("f16 codec", () => {
  it("decodes all 65536 bit patterns like the IEEE definition and re-encodes them exactly", () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const dec = decodeF16(all);
    const bad: string[] = []; // collected, then asserted once: 65536 expect() calls are slow
    for (let h = 0; h < 65536; h++) {
      const want = refDecode(h);
      if (Number.isNaN(want)) {
        if (!Number.isNaN(dec[h]) || !Number.isNaN(f16BitsToF32(f32ToF16Bits(dec[h])))) bad.push(`NaN ${h}`);
        continue;
      }
      if (!Object.is(dec[h], want) || !Object.is(f16BitsToF32(h), want)) bad.push(`decode ${h}`);
      if (f32ToF16Bits(want) !== h) bad.push(`encode ${h}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it("rounds random floats to the nearest f16, ties to even", () => {
    // Sorted finite f16 values let us find the true nearest neighbours by search.
    const finite: number[] = [];
    for (let h = 0; h < 0x7c00; h++) finite.push(refDecode(h));
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const xs = new Float32Array(5000).map(() => (rnd() - 0.5) * 2 ** Math.floor(rnd() * 44 - 28));
    const enc = encodeF16(xs);
    xs.forEach((x, i) => {
      const got = refDecode(enc[i]);
      const ax = Math.abs(x);
      let lo = 0;
      while (lo + 1 < finite.length && finite[lo + 1] <= ax) lo++;
      const a = finite[lo];
      const b = lo + 1 < finite.length ? finite[lo + 1] : 65520; // 65520 is the overflow threshold
      const pick = ax - a < b - ax ? lo : ax - a > b - ax ? lo + 1 : lo % 2 === 0 ? lo : lo + 1;
      const want = pick >= finite.length ? Infinity : finite[pick];
      expect(Math.abs(got)).toBe(want);
    });
  });

  it("handles overflow, underflow, NaN and signed zero", () => {
    expect(f32ToF16Bits(65520)).toBe(0x7c00);
    expect(f32ToF16Bits(65519)).toBe(0x7bff);
    expect(f32ToF16Bits(-1e10)).toBe(0xfc00);
    expect(f32ToF16Bits(2 ** -26)).toBe(0);
    expect(f32ToF16Bits(-(2 ** -25) * 1.01)).toBe(0x8001);
    expect(f32ToF16Bits(-0)).toBe(0x8000);
    expect(Number.isNaN(f16BitsToF32(f32ToF16Bits(NaN)))).toBe(true);
  });
});
