import { describe, expect, it } from "vitest";
import { parseRange } from "./parse-range.ts";

describe("parseRange (RFC 9110)", () => {
  it.each([
    ["bytes=0-0", 10, [[0, 0]]],
    ["bytes=2-4", 10, [[2, 4]]],
    ["bytes=8-100", 10, [[8, 9]]],
    ["bytes=3-", 10, [[3, 9]]],
    ["bytes=-3", 10, [[7, 9]]],
    ["bytes=-30", 10, [[0, 9]]],
    ["bytes=0-1, 5-6", 10, [[0, 1], [5, 6]]],
    ["bytes=0-1,20-30", 10, [[0, 1]]],
    ["BYTES = 1-2", 10, [[1, 2]]],
  ] as const)("%s of %d bytes", (h, size, want) => {
    expect(parseRange(h, size)).toEqual(want);
  });

  it.each([["bytes=10-", 10], ["bytes=10-20", 10], ["bytes=-0", 10], ["bytes=0-", 0], ["bytes=-5", 0]])("%s of %d bytes is unsatisfiable", (h, size) => {
    expect(parseRange(h, size)).toBe("unsatisfiable");
  });

  it.each([[undefined], [""], ["items=0-1"], ["bytes=5-2"], ["bytes=a-b"], ["bytes=-"], ["bytes=1-2,x"]])("%s is ignored (serve 200)", (h) => {
    expect(parseRange(h, 10)).toBeUndefined();
  });
});
