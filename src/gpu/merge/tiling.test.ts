import { afterEach, describe, expect, test } from "vitest";
import { planTiles, setTileElementsForTesting, tileElementsFor } from "./tiling.ts";

afterEach(() => setTileElementsForTesting(null));

describe("planTiles", () => {
  test("tiles are whole rows, cover every element once, and respect the element limit", () => {
    const tiles = planTiles(7 * 37, 37, 100, "t");
    expect(tiles.map((t) => t.count)).toEqual([74, 74, 74, 37]);
    expect(tiles.map((t) => t.start)).toEqual([0, 74, 148, 222]);
  });

  test("a tensor that fits is one tile; an empty tensor is one empty tile", () => {
    expect(planTiles(4096, 64, 1 << 20, "t")).toEqual([{ start: 0, count: 4096 }]);
    expect(planTiles(0, 8, 100, "t")).toEqual([{ start: 0, count: 0 }]);
  });

  test("a row longer than a tile is a clear error naming the tensor", () => {
    expect(() => planTiles(1000, 500, 300, "lm_head.weight")).toThrow(/lm_head\.weight: one row has 500 elements, more than a GPU tile holds \(300\)/);
  });
});

describe("tileElementsFor", () => {
  test("bounded by the budget and by the largest storage binding for the model stack", () => {
    // 8 buffers of f32 per element in a 256 MiB budget -> 8 Mi elements.
    expect(tileElementsFor(8, 2 ** 40)).toBe(8 * 1024 * 1024);
    // Binding limit of 64 MiB for a stack of 6 models -> 64 MiB / 24 bytes.
    expect(tileElementsFor(8, 64 * 1024 * 1024)).toBe(Math.floor((64 * 1024 * 1024) / 24));
  });

  test("the test override wins", () => {
    setTileElementsForTesting(74);
    expect(tileElementsFor(8, 2 ** 40)).toBe(74);
  });
});
