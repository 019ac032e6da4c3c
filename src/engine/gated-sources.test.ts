import { describe, expect, test } from "vitest";
import { gateSources } from "./gated-sources.ts";
import type { SourceReader } from "./types.ts";

/** A reader whose reads stay open until released, recording how many run at once. */
function slowReader() {
  const open: (() => void)[] = [];
  const stats = { started: 0, active: 0, peak: 0 };
  const reader: SourceReader = {
    readRange: (_path, start, end) => {
      stats.started++;
      stats.active++;
      stats.peak = Math.max(stats.peak, stats.active);
      return new Promise((resolve) => open.push(() => {
        stats.active--;
        resolve(new Uint8Array(end - start));
      }));
    },
    readFile: () => Promise.resolve(new Uint8Array(0)),
  };
  return { reader, stats, releaseAll: () => open.splice(0).forEach((f) => f()) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("gateSources", () => {
  test("at most `concurrency` reads run at once across all sources", async () => {
    const a = slowReader();
    const b = slowReader();
    const [ga, gb] = gateSources([a.reader, b.reader], 3, () => Promise.resolve());
    const reads = [0, 1, 2, 3].flatMap((i) => [ga.readRange("x", i, i + 4), gb.readRange("y", i, i + 2)]);
    await tick();
    expect(a.stats.active + b.stats.active).toBe(3);
    while (a.stats.started + b.stats.started < 8 || a.stats.active + b.stats.active > 0) {
      a.releaseAll();
      b.releaseAll();
      await tick();
      expect(a.stats.active + b.stats.active).toBeLessThanOrEqual(3);
    }
    expect((await Promise.all(reads)).map((r) => r.length)).toEqual([4, 2, 4, 2, 4, 2, 4, 2]);
  });

  test("while the gate is closed no new read starts; queued reads start when it opens", async () => {
    const s = slowReader();
    let open!: () => void;
    let closed: Promise<void> | null = null;
    const gate = () => closed ?? Promise.resolve();
    const [g] = gateSources([s.reader], 2, gate);
    const first = [g.readRange("x", 0, 1), g.readRange("x", 1, 2)];
    await tick();
    expect(s.stats.started).toBe(2);
    closed = new Promise((r) => (open = r));
    const later = [g.readRange("x", 2, 3), g.readRange("x", 3, 4)];
    s.releaseAll(); // the reads on the wire finish...
    await Promise.all(first);
    await tick();
    expect(s.stats.started).toBe(2); // ...and nothing new goes out while paused
    closed = null;
    open();
    await tick();
    await tick();
    expect(s.stats.started).toBe(4);
    s.releaseAll();
    await Promise.all(later);
  });

  test("a gate that throws (cancel) fails the queued read without starting it", async () => {
    const s = slowReader();
    const [g] = gateSources([s.reader], 1, () => Promise.reject(new DOMException("cancelled", "AbortError")));
    await expect(g.readRange("x", 0, 1)).rejects.toThrow("cancelled");
    expect(s.stats.started).toBe(0);
  });
});
