import { describe, expect, test } from "vitest";
import { createUniformStream, fnv1a32, mulHi, philox4x32, randomU32, u32ToUnit } from "./prng.ts";
import { ELEMENT_VECTORS, PHILOX_KAT } from "./prng-vectors.ts";

const M = 0xffffffffn;

/** Straightforward BigInt Philox4x32-10, written from the paper, to cross-check the u32 version. */
function philoxBig(counter: number[], key: number[]): number[] {
  let c = counter.map(BigInt);
  let k = key.map(BigInt);
  for (let r = 0; r < 10; r++) {
    const p0 = 0xd2511f53n * c[0];
    const p1 = 0xcd9e8d57n * c[2];
    c = [(p1 >> 32n) ^ c[1] ^ k[0], p1 & M, (p0 >> 32n) ^ c[3] ^ k[1], p0 & M];
    k = [(k[0] + 0x9e3779b9n) & M, (k[1] + 0xbb67ae85n) & M];
  }
  return c.map(Number);
}

/** Deterministic u32 sequence for sweeps (xorshift32). */
function* u32s(n: number, s = 2463534242): Generator<number> {
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    yield s >>> 0;
  }
}

describe("prng", () => {
  test("Philox block matches Random123 known answers", () => {
    for (const v of PHILOX_KAT) expect(philox4x32(v.counter, v.key)).toEqual(v.out);
  });

  test("element vectors (independent Python implementation)", () => {
    for (const v of ELEMENT_VECTORS) {
      expect(fnv1a32(v.name), v.name).toBe(v.nameHash);
      expect(randomU32(v.seed, v.nameHash, v.stream, v.index)).toBe(v.u32);
    }
  });

  test("mulHi and Philox agree with BigInt on random words", () => {
    const xs = [...u32s(4000)];
    for (let i = 0; i + 1 < xs.length; i += 2) {
      expect(mulHi(xs[i], xs[i + 1])).toBe(Number((BigInt(xs[i]) * BigInt(xs[i + 1])) >> 32n));
    }
    for (let i = 0; i + 5 < 600; i += 6) {
      const c = xs.slice(i, i + 4);
      const k = xs.slice(i + 4, i + 6);
      expect(philox4x32(c, k)).toEqual(philoxBig(c, k));
    }
  });

  test("uniforms lie in [0,1), use 24 bits, and look uniform", () => {
    expect(u32ToUnit(0)).toBe(0);
    expect(u32ToUnit(0xffffffff)).toBe(1 - 2 ** -24);
    const u = createUniformStream(1, "w", 0);
    const n = 20000;
    let sum = 0;
    let below = 0;
    for (let i = 0; i < n; i++) {
      const x = u(i);
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      if (x < 0.3) below++;
    }
    // 5 sigma bounds: mean sd = sqrt(1/12/n), count sd = sqrt(n p (1-p)).
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(below - 0.3 * n)).toBeLessThan(5 * Math.sqrt(n * 0.21));
  });

  test("streams, seeds and names give different sequences", () => {
    const a = createUniformStream(1, "w", 0);
    const b = createUniformStream(1, "w", 1);
    const c = createUniformStream(2, "w", 0);
    const d = createUniformStream(1, "v", 0);
    let same = 0;
    for (let i = 0; i < 1000; i++) if (a(i) === b(i) || a(i) === c(i) || a(i) === d(i)) same++;
    expect(same).toBeLessThan(3);
  });
});
