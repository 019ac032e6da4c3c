import { beforeAll, describe, expect, test } from "vitest";
import { f32BitsToBf16Bits } from "../../core/numeric/bf16.ts";
import { getDevice } from "../device.ts";
import { castBf16ToF32, castF32ToBf16 } from "./cast.ts";

let device: GPUDevice;
beforeAll(async () => {
  // No adapter is a failure, never a skip: these tests exist to run the real GPU path.
  device = await getDevice();
});

/** Random f32 bit patterns with every special class represented. */
function specialAndRandomBits(n: number, seed: number): Uint32Array {
  const specials = [0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffffffff, 0x00000001, 0x807fffff, 0x00400000, 0x3f808000, 0x3f818000, 0x7f7fffff, 0xff7fffff, 0x7f7f8000];
  const out = new Uint32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = i < specials.length ? specials[i] : Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) >>> 0;
  }
  return out;
}

describe("cast kernel (bf16 <-> f32)", () => {
  test("f32 -> bf16 matches the TS reference bit for bit (odd length, NaN, Inf, denormals, -0)", async () => {
    const bits = specialAndRandomBits(100_003, 7);
    const gpu = await castF32ToBf16(device, new Float32Array(bits.buffer));
    const mismatches: string[] = [];
    for (let i = 0; i < bits.length && mismatches.length < 5; i++) {
      const want = f32BitsToBf16Bits(bits[i]);
      if (gpu[i] !== want) mismatches.push(`#${i} in=0x${bits[i].toString(16)} gpu=0x${gpu[i].toString(16)} ts=0x${want.toString(16)}`);
    }
    expect(mismatches).toEqual([]);
  });

  test("bf16 -> f32 is exact for every one of the 65536 bf16 patterns", async () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const gpu = new Uint32Array((await castBf16ToF32(device, all)).buffer);
    let bad = 0;
    for (let i = 0; i < all.length; i++) if (gpu[i] !== (i << 16) >>> 0) bad++;
    expect(bad).toBe(0);
  });

  test("dispatch reshaping handles more workgroups than one dimension allows", async () => {
    // 2^25 + 1 elements -> 65537 workgroups of 256 pairs: needs a second dispatch dimension.
    const n = (1 << 25) + 1;
    const values = new Float32Array(n);
    for (let i = 0; i < n; i += 4099) values[i] = i * 0.001;
    const bits = await castF32ToBf16(device, values);
    const valueBits = new Uint32Array(values.buffer);
    for (let i = 0; i < n; i += 4099) expect(bits[i]).toBe(f32BitsToBf16Bits(valueBits[i]));
    expect(bits[n - 1]).toBe(0);
  });
});
