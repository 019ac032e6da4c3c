import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { editRecipeAt, parseRecipeText } from "./recipe-doc.ts";

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
