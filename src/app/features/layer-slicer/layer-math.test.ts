import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { moveSlice, outputFigures, paramsOutsideLayers, paramsPerLayer, splitSlice, toRecipeSlices } from "./layer-math.ts";
import { TESTBED_DIR } from "../../../test-support/shared-dirs.ts";

const TESTBED = `${TESTBED_DIR}/base`;
const config = JSON.parse(readFileSync(`${TESTBED}/config.json`, "utf8")) as Record<string, unknown>;

/** Element counts straight from the safetensors header, as an independent oracle. */
function headerCounts(): { perLayer: number; outside: number } {
  const bytes = readFileSync(`${TESTBED}/model.safetensors`);
  const n = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + n).toString("utf8")) as Record<string, { shape: number[] }>;
  let perLayer = 0;
  let outside = 0;
  for (const [name, t] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const numel = t.shape.reduce((a, b) => a * b, 1);
    if (name.includes(".layers.0.")) perLayer += numel;
    else if (!name.includes(".layers.")) outside += numel;
  }
  return { perLayer, outside };
}

describe("layer math", () => {
  it("counts parameters per layer and outside layers like the real checkpoint", () => {
    const real = headerCounts();
    expect(paramsPerLayer(config)).toBe(real.perLayer);
    expect(paramsOutsideLayers(config)).toBe(real.outside);
  });

  it("sums a frankenmerge's layers, parameters and bf16 bytes", () => {
    const slices = [{ model: "a", start: 0, end: 3 }, { model: "b", start: 1, end: 4 }];
    const f = outputFigures(slices, { a: config, b: config }, "bfloat16");
    expect(f.layers).toBe(6);
    expect(f.params).toBe(6 * headerCounts().perLayer + headerCounts().outside);
    expect(f.bytes).toBe(f.params! * 2);
    expect(outputFigures(slices, { a: config }, "float32").params).toBeNull();
  });

  it("splits, moves and serialises slices", () => {
    const s = splitSlice([{ model: "a", start: 0, end: 4 }], 0, 2);
    expect(s).toEqual([{ model: "a", start: 0, end: 2 }, { model: "a", start: 2, end: 4 }]);
    expect(() => splitSlice(s, 0, 2)).toThrow(/strictly inside/);
    expect(moveSlice(s, 1, 0)[0]).toEqual({ model: "a", start: 2, end: 4 });
    expect(toRecipeSlices(s)[1]).toEqual({ sources: [{ model: "a", layer_range: [2, 4] }] });
  });
});
