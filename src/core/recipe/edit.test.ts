/** Text edits keep comments and formatting; formatRecipe is canonical and idempotent. */
import { describe, expect, it } from "vitest";
import { editRecipeText, formatRecipe, parseRecipe, RecipeEditError } from "./index.ts";

const TEXT = `# my merge, v3
merge_method: ties   # sign election
base_model: org/base
models:
- model: org/a   # the chatty one
  parameters:
    weight: 0.5
    density: [1, 0.7, 0.1]
parameters:
  normalize: true
`;

describe("editRecipeText", () => {
  it("replaces a scalar in place, touching nothing else", () => {
    const out = editRecipeText(TEXT, ["models", 0, "parameters", "weight"], 0.75);
    expect(out).toBe(TEXT.replace("weight: 0.5", "weight: 0.75"));
  });
  it("replaces a flow gradient in place and quotes strings that need it", () => {
    expect(editRecipeText(TEXT, ["models", 0, "parameters", "density"], [1, 0.5])).toBe(TEXT.replace("[1, 0.7, 0.1]", "[1, 0.5]"));
    expect(editRecipeText(TEXT, ["base_model"], "yes")).toBe(TEXT.replace("base_model: org/base", 'base_model: "yes"'));
  });
  it("adds and removes keys keeping comments and the file's list style", () => {
    const added = editRecipeText(TEXT, ["models", 0, "parameters", "epsilon"], 0.1);
    expect(added).toContain("# my merge, v3");
    expect(added).toContain("# the chatty one");
    expect(added).toContain("- model: org/a");
    expect(parseRecipe(added).recipe?.models?.[0]?.parameters?.epsilon).toBe(0.1);
    const removed = editRecipeText(TEXT, ["parameters", "normalize"], undefined);
    expect(removed).toContain("# sign election");
    expect(parseRecipe(removed).recipe?.parameters).toEqual({});
    const grad = editRecipeText(TEXT, ["parameters", "lambda"], [1, 2]);
    expect(grad).toContain("lambda: [1, 2]");
  });
  it("creates missing parents as plain mappings and lists (never !!omap), keeping comments", () => {
    const text = "# my merge\nmerge_method: ties\nbase_model: org/base\nmodels:\n  - model: org/a # the first one\n    parameters:\n      weight: 0.5\n";
    const out = editRecipeText(text, ["parameters", "lambda"], 0.9);
    expect(out).not.toContain("!!");
    expect(out).toContain("# my merge\n");
    expect(out).toContain("# the first one");
    expect(parseRecipe(out).recipe?.parameters).toEqual({ lambda: 0.9 });
    const deeper = editRecipeText(text, ["models", 0, "parameters", "density", 0, "filter"], "mlp");
    expect(deeper).not.toContain("!!");
    expect(deeper).toMatch(/density:\n\s+- filter: mlp/);
  });

  it("refuses to edit text with YAML syntax errors", () => {
    expect(() => editRecipeText("a: [1,\n", ["a"], 1)).toThrow(RecipeEditError);
  });
});

describe("formatRecipe", () => {
  it("writes canonical YAML: key order, string model refs, flow number lists", () => {
    const r = parseRecipe(`dtype: bfloat16
models:
  - model: {model: {path: org/a, revision: v2}, lora: {path: org/l}}
    parameters:
      weight:
        - value: [0, 1]
          filter: mlp
        - value: 0.5
merge_method: linear
`).recipe!;
    expect(formatRecipe(r)).toBe(`merge_method: linear
models:
  - model: org/a@v2+org/l
    parameters:
      weight:
        - filter: mlp
          value: [0, 1]
        - value: 0.5
dtype: bfloat16
`);
  });
  it("keeps the dict form when only it can say it", () => {
    const r = parseRecipe("merge_method: passthrough\nmodels:\n  - model: {model: {path: org/a}, override_architecture: MistralForCausalLM}\n").recipe!;
    const out = formatRecipe(r);
    expect(out).toContain("override_architecture: MistralForCausalLM");
    expect(parseRecipe(out).recipe).toEqual(r);
  });
});
