import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { editRecipeAt, parseRecipeText } from "./recipe-doc.ts";
import { hasMultiSourceSlices, readSlices } from "./recipe-view.ts";

const TEXT = "# my merge\nmerge_method: ties\nbase_model: org/base\nmodels:\n  - model: org/a # the first one\n    parameters:\n      weight: 0.5\n";

describe("recipe text for the form", () => {
  it("creates missing parents as plain mappings and keeps comments", () => {
    const out = editRecipeAt(TEXT, ["parameters", "lambda"], 0.9);
    expect(out).not.toContain("!!omap");
    expect(parse(out).parameters).toEqual({ lambda: 0.9 });
    expect(out).toContain("# my merge\n");
    expect(out).toContain("# the first one");
    const deeper = editRecipeAt(TEXT, ["models", 0, "parameters", "density", 0, "filter"], "mlp");
    expect(parse(deeper).models[0].parameters.density).toEqual([{ filter: "mlp" }]);
  });

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
