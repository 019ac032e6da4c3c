import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { Sha256, sha256Hex } from "./sha256.ts";

function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

describe("Sha256", () => {
  test("matches node:crypto for lengths around every padding boundary", () => {
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
      const data = bytes(n, n + 1);
      expect(sha256Hex(data), `length ${n}`).toBe(createHash("sha256").update(data).digest("hex"));
    }
  });

  test("chunked updates give the same digest as one update", () => {
    const data = bytes(10_007, 3);
    const h = new Sha256();
    for (let i = 0; i < data.length; ) {
      const step = 1 + ((i * 37) % 150);
      h.update(data.subarray(i, i + step));
      i += step;
    }
    expect(h.hex()).toBe(createHash("sha256").update(data).digest("hex"));
  });
});
