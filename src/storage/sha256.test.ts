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

const nodeSha = (data: Uint8Array): string => createHash("sha256").update(data).digest("hex");

describe("Sha256", () => {
  test("matches node:crypto for lengths around every padding boundary", async () => {
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
      const data = bytes(n, n + 1);
      expect(await sha256Hex(data), `length ${n}`).toBe(nodeSha(data));
    }
  });

  test("chunked updates give the same digest as one update", async () => {
    const data = bytes(10_007, 3);
    const h = await Sha256.create();
    for (let i = 0; i < data.length; ) {
      const step = 1 + ((i * 37) % 150);
      h.update(data.subarray(i, i + step));
      i += step;
    }
    expect(h.hex()).toBe(nodeSha(data));
  });

  test("a saved state continues the same hash in a new hasher (resumed shards)", async () => {
    const data = bytes(5_000, 9);
    // Cut mid-block so the saved state must carry buffered bytes, not just the chaining value.
    const first = await Sha256.create();
    first.update(data.subarray(0, 1_234));
    const saved = first.save();
    const resumed = await Sha256.create(saved);
    resumed.update(data.subarray(1_234));
    expect(resumed.hex()).toBe(nodeSha(data));
    // The saved state is a snapshot: the first hasher goes on independently.
    first.update(data.subarray(1_234, 2_000));
    expect(first.hex()).toBe(nodeSha(data.subarray(0, 2_000)));
  });

  test("two hashers in flight do not share state", async () => {
    const a = await Sha256.create();
    const b = await Sha256.create();
    a.update(bytes(100, 1));
    b.update(bytes(300, 2));
    a.update(bytes(50, 3));
    expect(b.hex()).toBe(nodeSha(bytes(300, 2)));
    expect(a.hex()).toBe(nodeSha(new Uint8Array([...bytes(100, 1), ...bytes(50, 3)])));
  });
});

describe("Sha256 saved states", () => {
  test("a damaged state is refused with a specific error, not hashed from garbage", async () => {
    const h = await Sha256.create();
    h.update(bytes(100, 4));
    const saved = h.save();
    await expect(Sha256.create(saved.slice(0, 20))).rejects.toThrow(/saved SHA-256 state is damaged/);
    await expect(Sha256.create("not*base64")).rejects.toThrow(/saved SHA-256 state is damaged/);
    expect((await Sha256.create(saved)).hex()).toBe(nodeSha(bytes(100, 4)));
  });
});
