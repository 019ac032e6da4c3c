import { describe, expect, test } from "vitest";
import { Prefetcher } from "./pipeline.ts";
import type { WorkUnit } from "./work-units.ts";

const unit = (i: number, memBytes: number): WorkUnit => ({ tensorIndex: i, memBytes } as unknown as WorkUnit);

/** A fetch whose promises the test resolves by hand, recording which units were started. */
function manualFetch(): { started: number[]; fetch: (u: WorkUnit) => Promise<number>; finish: (i: number) => void } {
  const started: number[] = [];
  const resolvers = new Map<number, (v: number) => void>();
  return {
    started,
    fetch: (u) => {
      started.push(u.tensorIndex);
      return new Promise((r) => resolvers.set(u.tensorIndex, r));
    },
    finish: (i) => resolvers.get(i)?.(i),
  };
}

describe("Prefetcher", () => {
  test("runs ahead at most `concurrency` fetches and within the memory budget", async () => {
    const units = [unit(0, 40), unit(1, 40), unit(2, 40), unit(3, 40)];
    const f = manualFetch();
    const p = new Prefetcher(units, f.fetch, 100, 3);
    const first = p.take(0);
    // Budget 100 holds two 40-byte units even though three fetches would be allowed.
    expect(f.started).toEqual([0, 1]);
    f.finish(0);
    expect(await first).toBe(0);
    expect(f.started).toEqual([0, 1]);
    p.release(units[0]);
    expect(f.started).toEqual([0, 1, 2]);
    expect(p.heldBytes).toBe(80);
  });

  test("a unit larger than the whole budget still runs, alone", async () => {
    const units = [unit(0, 500), unit(1, 10)];
    const f = manualFetch();
    const p = new Prefetcher(units, f.fetch, 100, 4);
    const first = p.take(0);
    expect(f.started).toEqual([0]);
    f.finish(0);
    await first;
    p.release(units[0]);
    expect(f.started).toEqual([0, 1]);
  });

  test("a failed fetch surfaces when its unit is taken", async () => {
    const units = [unit(0, 1)];
    const p = new Prefetcher(units, () => Promise.reject(new Error("boom")), 100, 2);
    await expect(p.take(0)).rejects.toThrow("boom");
  });

  test("taking the next unit before releasing the current one waits for the release instead of failing", async () => {
    const units = [unit(0, 60), unit(1, 60)];
    const f = manualFetch();
    const p = new Prefetcher(units, f.fetch, 100, 4);
    const first = p.take(0);
    f.finish(0);
    await first;
    // 60 + 60 is over the budget: unit 1 must not start while unit 0 is held.
    let second: number | null = null;
    void p.take(1).then((v) => (second = v));
    expect(f.started).toEqual([0]);
    p.release(units[0]);
    expect(f.started).toEqual([0, 1]);
    f.finish(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(second).toBe(1);
    expect(() => p.take(5)).toThrow(/unit 5 was not started/);
  });
});

