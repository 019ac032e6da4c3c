import { describe, expect, test } from "vitest";
import { bf16BitsToF32, decodeBf16, encodeBf16, f32BitsToBf16Bits } from "./bf16.ts";

describe("bf16 codec", () => {
  test("exactly representable values survive a round trip", () => {
    const values = new Float32Array([0, -0, 1, -2, 0.5, 65280, -(2 ** -130), Infinity, -Infinity]);
    const back = decodeBf16(encodeBf16(values));
    expect(Array.from(back)).toEqual(Array.from(values));
    expect(Object.is(back[1], -0)).toBe(true);
  });

  test("rounds to nearest, ties to even", () => {
    // 1 + 2^-8 is exactly halfway between bf16 1.0 and 1.0078125: ties go to the even (1.0).
    expect(f32BitsToBf16Bits(0x3f808000)).toBe(0x3f80);
    // 1.0078125 + half ulp: halfway to the next, odd neighbour -> rounds up to even 0x3f82.
    expect(f32BitsToBf16Bits(0x3f818000)).toBe(0x3f82);
    // Just above halfway rounds up.
    expect(f32BitsToBf16Bits(0x3f808001)).toBe(0x3f81);
  });

  test("overflow rounds to infinity, NaN stays NaN", () => {
    expect(f32BitsToBf16Bits(0x7f7fffff)).toBe(0x7f80);
    expect(Number.isNaN(bf16BitsToF32(f32BitsToBf16Bits(0x7f800001)))).toBe(true);
    expect(Number.isNaN(bf16BitsToF32(f32BitsToBf16Bits(0xffffffff)))).toBe(true);
  });

  test("denormals round like any other value", () => {
    expect(f32BitsToBf16Bits(0x00000001)).toBe(0x0000);
    expect(f32BitsToBf16Bits(0x00018000)).toBe(0x0002);
  });

  test("the array encoder agrees with the scalar one on random bit patterns", () => {
    const bits = new Uint32Array(50_000);
    let x = 12345;
    for (let i = 0; i < bits.length; i++) bits[i] = x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bits.set([0x7f800001, 0xffc00000, 0x7f7fffff, 0x80000000], 0);
    const encoded = encodeBf16(new Float32Array(bits.buffer));
    const mismatch = Array.from(bits).findIndex((u, i) => encoded[i] !== f32BitsToBf16Bits(u));
    expect(mismatch).toBe(-1);
  });
});
