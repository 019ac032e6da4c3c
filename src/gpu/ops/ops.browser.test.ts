import { beforeAll, describe, expect, test } from "vitest";
import { f16BitsToF32, f32BitsToF16Bits } from "../../core/numeric/f16.ts";
import { ELEMENT_VECTORS } from "../../core/numeric/prng-vectors.ts";
import { fnv1a32, randomU32 } from "../../core/numeric/prng.ts";
import { uploadBuffer, createStorageBuffer } from "../buffers.ts";
import { getDevice } from "../device.ts";
import { decodeInto, encodeAndRead } from "./codec.ts";
import { prngFillGpu } from "./prng-fill.ts";
import { selectElements, selectRanks, type KeyRun } from "./radix-select.ts";
import { reduceBatch } from "./reduce.ts";

let device: GPUDevice;
beforeAll(async () => {
  // No adapter is a failure, never a skip.
  device = await getDevice();
});

/** Deterministic LCG for test data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("PRNG (common/prng.wgsl) is bit-identical to src/core/numeric/prng.ts", () => {
  test("known-answer element vectors", async () => {
    for (const v of ELEMENT_VECTORS) {
      const [got] = await prngFillGpu(device, v.seed >>> 0, fnv1a32(v.name), v.stream, v.index, 1);
      expect(got, `${v.name} stream ${v.stream} index ${v.index}`).toBe(v.u32 >>> 0);
    }
  });

  test("100k consecutive indices, several keys and streams, including indices near 2^32", async () => {
    for (const [seed, name, stream, start] of [[0, "model.layers.0.mlp.up_proj.weight", 0, 0], [0xdeadbeef, "lm_head.weight", 3, 4294900000]] as const) {
      const h = fnv1a32(name);
      const count = Math.min(100_000, 2 ** 32 - start);
      const gpu = await prngFillGpu(device, seed, h, stream, start, count);
      let bad = 0;
      for (let i = 0; i < count; i++) if (gpu[i] !== randomU32(seed, h, stream, start + i)) bad++;
      expect(bad).toBe(0);
    }
  });
});

describe("radix select (ops/radix-select.wgsl) matches a sort", () => {
  test("random data with many ties, zeros, negatives and NaN-free keys, split into uneven runs", async () => {
    const r = rng(11);
    const n = 50_001;
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const u = r();
      // 1/3 drawn from only 50 values (ties), some zeros, both signs.
      data[i] = u < 0.33 ? Math.round(r() * 50) / 8 - 3 : u < 0.4 ? 0 : (r() - 0.5) * 10 ** (r() * 8 - 4);
    }
    const sorted = Float64Array.from(data, Math.abs).sort();
    const buf = uploadBuffer(device, data, "keys");
    const runs: KeyRun[] = [
      { buf, off: 0, count: 12_345 },
      { buf, off: 12_345, count: 1 },
      { buf, off: 12_346, count: n - 12_346 },
    ];
    const ranks = [0, 1, 17, 16_500, 25_000, 33_333, n - 2, n - 1];
    const got = await selectRanks(device, async (use) => runs.forEach(use), n, ranks);
    buf.destroy();
    ranks.forEach((rank, q) => {
      const want = Math.fround(sorted[rank]);
      expect(got[q].value, `rank ${rank}`).toBe(want);
      const below = sorted.filter((x) => x < want).length;
      const equal = sorted.filter((x) => x === want).length;
      expect([got[q].below, got[q].equal]).toEqual([below, equal]);
    });
  });

  test("selectElements orders equal keys by position, like a stable sort (tiles carry their start)", async () => {
    const r = rng(3);
    const n = 20_003;
    const data = Float32Array.from({ length: n }, () => (Math.floor(r() * 7) - 3) * 0.25); // 7 levels: massive ties
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => Math.abs(data[a]) - Math.abs(data[b]) || a - b);
    const buf = uploadBuffer(device, data, "keys");
    const runs: KeyRun[] = [
      { buf, off: 0, count: 7_000, start: 0 },
      { buf, off: 7_000, count: n - 7_000, start: 7_000 },
    ];
    const ranks = [0, 5_001, 9_999, 15_000, n - 1];
    const got = await selectElements(device, async (use) => runs.forEach(use), n, ranks);
    buf.destroy();
    ranks.forEach((rank, q) => {
      expect(got[q].value, `rank ${rank}`).toBe(Math.abs(data[order[rank]]));
      expect(got[q].index, `rank ${rank}`).toBe(order[rank]);
    });
  });

  test("a rank outside the key count is an error", async () => {
    const buf = uploadBuffer(device, new Float32Array([1, 2, 3]), "keys");
    await expect(selectRanks(device, async (use) => use({ buf, off: 0, count: 3 }), 3, [3])).rejects.toThrow(/rank 3 outside/);
    buf.destroy();
  });
});

describe("f16 codec (common/f16.wgsl) matches src/core/numeric/f16.ts", () => {
  test("decode: all 65536 f16 patterns", async () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const dst = createStorageBuffer(device, 65536 * 4, "dst");
    decodeInto(device, new Uint8Array(all.buffer), "F16", 65536, dst, 0);
    const out = new Float32Array((await encodeAndRead(device, dst, 0, 65536, "F32")).slice().buffer);
    dst.destroy();
    let bad = 0;
    for (let i = 0; i < 65536; i++) {
      const want = f16BitsToF32(i);
      if (!(Object.is(out[i], Math.fround(want)) || (Number.isNaN(want) && Number.isNaN(out[i])))) bad++;
    }
    expect(bad).toBe(0);
  });

  test("encode: special values and 200k random f32 bit patterns (odd count)", async () => {
    const r = rng(5);
    const n = 200_001;
    const bits = new Uint32Array(n);
    const specials = [0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0x477fe000, 0x477ff000, 0x477fefff, 0x33000000, 0x33000001, 0x387fc000, 0x38800000, 0x3f800000];
    for (let i = 0; i < n; i++) bits[i] = i < specials.length ? specials[i] : i % 2 ? (r() * 2 ** 32) >>> 0 : (((r() * 60 + 90) << 23) | ((r() * 2 ** 23) >>> 0) | (r() < 0.5 ? 0x80000000 : 0)) >>> 0;
    const src = uploadBuffer(device, bits, "src");
    const out = new Uint16Array((await encodeAndRead(device, src, 0, n, "F16")).buffer);
    src.destroy();
    const mismatches: string[] = [];
    for (let i = 0; i < n && mismatches.length < 5; i++) {
      const want = f32BitsToF16Bits(bits[i]);
      if (out[i] !== want) mismatches.push(`0x${bits[i].toString(16)}: gpu 0x${out[i].toString(16)} ts 0x${want.toString(16)}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe("reductions (ops/reduce.wgsl)", () => {
  test("sums, |x|, x^2, nonzero, dot over odd lengths and per row / column match f64", async () => {
    const r = rng(9);
    const rows = 13;
    const cols = 301;
    const n = rows * cols;
    const a = Float32Array.from({ length: n }, () => (r() < 0.1 ? 0 : r() * 2 - 1));
    const b = Float32Array.from({ length: n }, () => r() * 2 - 1);
    const ab = uploadBuffer(device, a, "a");
    const bb = uploadBuffer(device, b, "b");
    const res = await reduceBatch(device, [
      { op: "sum", a: ab, offA: 0, count: n },
      { op: "abs", a: ab, offA: 5, count: n - 5 },
      { op: "sq", a: ab, offA: 0, count: n },
      { op: "nonzero", a: ab, offA: 0, count: n },
      { op: "dot", a: ab, offA: 0, b: bb, offB: 0, count: n },
      { op: "dot", a: ab, offA: 0, b: bb, offB: 0, count: n, mode: "rows", rowLength: cols },
      { op: "dot", a: ab, offA: 0, b: bb, offB: 0, count: n, mode: "cols", rowLength: cols },
    ]);
    ab.destroy();
    bb.destroy();
    let sum = 0, abs = 0, sq = 0, nz = 0, dot = 0;
    const rowDot = new Float64Array(rows);
    const colDot = new Float64Array(cols);
    for (let j = 0; j < n; j++) {
      sum += a[j];
      if (j >= 5) abs += Math.abs(a[j]);
      sq += a[j] * a[j];
      nz += a[j] !== 0 ? 1 : 0;
      dot += a[j] * b[j];
      rowDot[Math.floor(j / cols)] += a[j] * b[j];
      colDot[j % cols] += a[j] * b[j];
    }
    const close = (x: number, y: number, scale: number) => Math.abs(x - y) <= 1e-5 * scale;
    expect(close(res[0][0], sum, n)).toBe(true);
    expect(close(res[1][0], abs, n)).toBe(true);
    expect(close(res[2][0], sq, n)).toBe(true);
    expect(res[3][0]).toBe(nz);
    expect(close(res[4][0], dot, n)).toBe(true);
    expect(res[5].length).toBe(rows);
    rowDot.forEach((v, i) => expect(close(res[5][i], v, cols)).toBe(true));
    expect(res[6].length).toBe(cols);
    colDot.forEach((v, i) => expect(close(res[6][i], v, rows)).toBe(true));
  });
});
