import { describe, expect, it } from "vitest";
import { METHODS } from "../../../core/methods/registry.ts";
import { describeMethod, describeParam, keyContext, methodParams } from "./recipe-schema.ts";

const LINES = [
  "merge_method: ties",          // 0
  "models:",                     // 1
  "  - model: org/a",            // 2
  "    parameters:",             // 3
  "      weight: 1",             // 4
  "slices:",                     // 5
  "  - sources:",                // 6
  "      - model: org/b",        // 7
  "        layer_range: [0, 4]", // 8
  "parameters:",                 // 9
  "  normalize: true",           // 10
];

describe("recipe schema for completion and hover", () => {
  it("knows which mapping a key position is in", () => {
    expect(keyContext(LINES, 0, 0)).toBe("top");
    expect(keyContext(LINES, 3, 4)).toBe("model");
    expect(keyContext(LINES, 4, 6)).toBe("parameters");
    expect(keyContext(LINES, 8, 8)).toBe("source");
    expect(keyContext(LINES, 10, 2)).toBe("parameters");
    expect(keyContext([...LINES.slice(0, 7), "    base_model: x"], 7, 4)).toBe("slice");
  });

  it("documents every parameter of every method", () => {
    for (const m of METHODS) {
      expect(describeMethod(m)).toContain(m.name);
      for (const { spec, scope } of methodParams(m)) {
        const doc = describeParam(spec, scope);
        expect(doc).toContain(spec.name);
        expect(doc).toContain(spec.doc);
      }
    }
    const ties = METHODS.find((m) => m.name === "ties")!;
    expect(methodParams(ties).map((p) => p.spec.name)).toEqual(expect.arrayContaining(["weight", "density", "normalize", "lambda"]));
  });
});
