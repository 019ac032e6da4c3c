import { describe, expect, it } from "vitest";
import { parseRecipeText } from "./recipe-doc.ts";
import { hasMultiSourceSlices, readSlices } from "./recipe-view.ts";

describe("recipe text for the form", () => {
  it("keeps the form's data while the recipe has semantic errors, drops it on YAML errors", () => {
    const semantic = parseRecipeText("merge_method: tiez\nmodels:\n  - model: org/a\n");
    expect(semantic.data?.merge_method).toBe("tiez");
    const bad = semantic.problems.find((p) => p.severity === "error");
    expect(bad?.line).toBe(1);
    const broken = parseRecipeText("merge_method: linear\nmodels:\n  - model: org/a\n   weight: 1\n");
    expect(broken.data).toBeNull();
    expect(broken.problems[0].line).toBe(4);
  });
});

describe("slices as the layer slicer sees them", () => {
  it("reads single-source slices and flags multi-source ones", () => {
    const franken = parseRecipeText("merge_method: passthrough\nslices:\n  - sources:\n      - model: org/a\n        layer_range: [0, 4]\n  - sources:\n      - model: org/b@rev\n        layer_range: [2, 6]\n").data;
    expect(readSlices(franken)).toEqual([{ model: "org/a", layerRange: [0, 4] }, { model: "org/b@rev", layerRange: [2, 6] }]);
    expect(hasMultiSourceSlices(franken)).toBe(false);
    const slerp = parseRecipeText("merge_method: slerp\nbase_model: org/a\nparameters: {t: 0.5}\nslices:\n  - sources:\n      - model: org/a\n        layer_range: [0, 4]\n      - model: org/b\n        layer_range: [0, 4]\n").data;
    expect(hasMultiSourceSlices(slerp)).toBe(true);
  });
});
