/**
 * Table of broken recipes: each must yield its diagnostic (code, severity, line, column).
 * Positions were worked out by hand from the text (1-based; column of the offending token;
 * a list item's node starts at its "-", a model reference value at column 12 of "  - model: x").
 * Deep flow nesting is refused by the pre-scan at the 33rd "["; deep block nesting by the structure
 * walk at the first node past MAX_DEPTH (depth 1 = the document mapping holding line 2's "k:"; the
 * mapping on line n >= 3 has depth n - 1, so depth 33 is line 34, indented 32).
 */
import { describe, expect, it } from "vitest";
import { parseRecipe, parseRecipes } from "./index.ts";

const TIES = (extra: string) => `merge_method: ties\nbase_model: org/base\nmodels:\n  - model: org/a\n    parameters:\n      weight: 0.5\n      density: 0.5\n${extra}`;

interface Case { name: string; text: string; code: string; severity: "error" | "warning"; line: number; column: number; multi?: boolean }

const CASES: Case[] = [
  { name: "tab-indented YAML", text: "merge_method: ties\nmodels:\n\t- model: a\n", code: "yaml-syntax", severity: "error", line: 3, column: 1 },
  { name: "unclosed flow list", text: "merge_method: slerp\nparameters:\n  t: [0, 0.5\n", code: "yaml-syntax", severity: "error", line: 4, column: 1 },
  { name: "top level is a list", text: "- merge_method: ties\n", code: "not-a-mapping", severity: "error", line: 1, column: 1 },
  { name: "no merge_method", text: "models:\n  - model: org/a\n", code: "missing-merge-method", severity: "error", line: 1, column: 1 },
  { name: "merge_method typo", text: "merge_method: tie\nmodels:\n  - model: org/a\n", code: "unknown-merge-method", severity: "error", line: 1, column: 15 },
  { name: "merge_method not text", text: "merge_method: [ties]\nmodels:\n  - model: org/a\n", code: "wrong-type", severity: "error", line: 1, column: 15 },
  { name: "unknown top-level key", text: "merge_method: linear\nmodel:\n  - model: org/a\nmodels:\n  - model: org/a\n    parameters: {weight: 1}\n", code: "unknown-key", severity: "warning", line: 2, column: 1 },
  { name: "no models at all", text: "merge_method: linear\ndtype: float16\n", code: "no-models", severity: "error", line: 1, column: 1 },
  { name: "models and slices both", text: "merge_method: passthrough\nmodels:\n  - model: org/a\nslices:\n  - sources:\n      - model: org/a\n        layer_range: [0, 4]\n", code: "conflicting-model-lists", severity: "error", line: 4, column: 1 },
  { name: "models entry is a bare string", text: "merge_method: linear\nmodels:\n  - org/a\n", code: "wrong-type", severity: "error", line: 3, column: 5 },
  { name: "models entry without model", text: "merge_method: linear\nmodels:\n  - parameters: {weight: 1}\n", code: "missing-model", severity: "error", line: 3, column: 5 },
  { name: "two @ in a reference", text: "merge_method: linear\nmodels:\n  - model: org/a@v1@v2\n    parameters: {weight: 1}\n", code: "invalid-model-reference", severity: "error", line: 3, column: 12 },
  { name: "two + in a reference", text: "merge_method: linear\nmodels:\n  - model: org/a+org/l1+org/l2\n    parameters: {weight: 1}\n", code: "invalid-model-reference", severity: "error", line: 3, column: 12 },
  { name: "parameter value is text", text: TIES("parameters:\n  normalize: 'yes please'\n"), code: "wrong-type", severity: "error", line: 9, column: 14 },
  { name: "bare conditional mapping", text: TIES("parameters:\n  lambda: {filter: mlp, value: 0.5}\n"), code: "bare-conditional", severity: "error", line: 9, column: 11 },
  { name: "conditional entry without value", text: TIES("parameters:\n  lambda:\n    - filter: mlp\n"), code: "missing-value", severity: "error", line: 10, column: 7 },
  { name: "empty gradient", text: TIES("parameters:\n  lambda: []\n"), code: "empty-gradient", severity: "error", line: 9, column: 11 },
  { name: "unknown parameter with suggestion", text: TIES("parameters:\n  densty: 0.5\n"), code: "unknown-parameter", severity: "warning", line: 9, column: 3 },
  { name: "global parameter given per model", text: "merge_method: ties\nbase_model: org/base\nmodels:\n  - model: org/a\n    parameters:\n      weight: 1\n      normalize: false\n", code: "global-parameter-per-model", severity: "warning", line: 7, column: 7 },
  { name: "density out of range", text: "merge_method: ties\nbase_model: org/base\nmodels:\n  - model: org/a\n    parameters:\n      weight: 1\n      density: 1.5\n", code: "out-of-range", severity: "warning", line: 7, column: 16 },
  { name: "slerp t out of range in a gradient", text: "merge_method: slerp\nbase_model: org/a\nmodels:\n  - model: org/a\n  - model: org/b\nparameters:\n  t: [0, 0.5, 1.2]\n", code: "out-of-range", severity: "warning", line: 7, column: 15 },
  { name: "linear weights sum to zero", text: "merge_method: linear\nmodels:\n  - model: org/a\n    parameters: {weight: 1}\n  - model: org/b\n    parameters: {weight: -1}\n", code: "weights-sum-zero", severity: "warning", line: 3, column: 3 },
  { name: "ties without base_model", text: "merge_method: ties\nmodels:\n  - model: org/a\n    parameters: {weight: 1}\n", code: "missing-base-model", severity: "error", line: 1, column: 1 },
  { name: "slerp without t", text: "merge_method: slerp\nbase_model: org/a\nmodels:\n  - model: org/a\n  - model: org/b\n", code: "missing-parameter", severity: "error", line: 1, column: 1 },
  { name: "linear model without weight", text: "merge_method: linear\nmodels:\n  - model: org/a\n    parameters: {weight: 1}\n  - model: org/b\n", code: "missing-parameter", severity: "error", line: 5, column: 5 },
  { name: "linear with a weightless base_model", text: "merge_method: linear\nbase_model: org/base\nmodels:\n  - model: org/a\n    parameters: {weight: 1}\n", code: "missing-parameter", severity: "error", line: 2, column: 13 },
  { name: "slerp with three models", text: "merge_method: slerp\nbase_model: org/a\nmodels:\n  - model: org/a\n  - model: org/b\n  - model: org/c\nparameters:\n  t: 0.5\n", code: "model-count", severity: "error", line: 4, column: 3 },
  { name: "empty layer range", text: "merge_method: passthrough\nslices:\n  - sources:\n      - model: org/a\n        layer_range: [8, 8]\n", code: "empty-layer-range", severity: "warning", line: 5, column: 22 },
  { name: "negative layer range", text: "merge_method: passthrough\nslices:\n  - sources:\n      - model: org/a\n        layer_range: [-1, 8]\n", code: "invalid-layer-range", severity: "error", line: 5, column: 22 },
  { name: "layer_range not two integers", text: "merge_method: passthrough\nslices:\n  - sources:\n      - model: org/a\n        layer_range: [0, 8.5]\n", code: "wrong-type", severity: "error", line: 5, column: 22 },
  { name: "slice sources of different lengths", text: "merge_method: slerp\nbase_model: org/a\nslices:\n  - sources:\n      - model: org/a\n        layer_range: [0, 16]\n      - model: org/b\n        layer_range: [0, 8]\nparameters:\n  t: 0.5\n", code: "layer-count-mismatch", severity: "error", line: 5, column: 7 },
  { name: "same model twice", text: "merge_method: linear\nmodels:\n  - model: org/a\n    parameters: {weight: 1}\n  - model: org/a\n    parameters: {weight: 2}\n", code: "duplicate-model", severity: "warning", line: 5, column: 12 },
  { name: "base model written differently", text: "merge_method: ties\nbase_model: Org/Base\nmodels:\n  - model: org/base\n  - model: org/a\n    parameters: {weight: 1}\n", code: "base-model-mismatch", severity: "warning", line: 4, column: 12 },
  { name: "unknown dtype", text: "merge_method: linear\nmodels:\n  - model: org/a\n    parameters: {weight: 1}\ndtype: bf16\n", code: "unknown-dtype", severity: "error", line: 5, column: 8 },
  { name: "tokenizer and tokenizer_source", text: "merge_method: linear\nmodels:\n  - model: org/a\n    parameters: {weight: 1}\ntokenizer_source: union\ntokenizer:\n  source: base\n", code: "tokenizer-conflict", severity: "error", line: 5, column: 1 },
  { name: "invalid chat template", text: "merge_method: linear\nmodels:\n  - model: org/a\n    parameters: {weight: 1}\nchat_template: chatm\n", code: "invalid-chat-template", severity: "error", line: 5, column: 16 },
  { name: "duplicate key", text: "merge_method: linear\nmodels:\n  - model: org/a\n    parameters: {weight: 1}\nmerge_method: linear\n", code: "duplicate-key", severity: "warning", line: 5, column: 1 },
  { name: "della epsilon window", text: "merge_method: della\nbase_model: org/base\nmodels:\n  - model: org/a\n    parameters: {weight: 1, density: 0.9}\n", code: "della-epsilon-range", severity: "error", line: 4, column: 5 },
  { name: "model_token source with both token and token_id", text: "merge_method: linear\nmodels:\n  - model: org/a\n    parameters: {weight: 1}\ntokenizer:\n  tokens:\n    <|im_start|>:\n      source: {kind: model_token, model: org/a, token: x, token_id: 3}\n", code: "invalid-token-source", severity: "error", line: 8, column: 15 },
  { name: "random_seed not an integer", text: "merge_method: linear\nmodels:\n  - model: org/a\n    parameters: {weight: 1}\nrandom_seed: 1.5\n", code: "wrong-type", severity: "error", line: 5, column: 14 },
  { name: "alias bomb", text: "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\nmerge_method: linear\n", code: "too-many-aliases", severity: "error", line: 1, column: 1 },
  { name: "deep nesting", text: "merge_method: linear\nparameters:\n  x: " + "[".repeat(40) + "]".repeat(40) + "\n", code: "too-deep", severity: "error", line: 3, column: 38 },
  { name: "deep block nesting", text: "merge_method: linear\n" + Array.from({ length: 40 }, (_, i) => " ".repeat(i) + "k:").join("\n") + " 1\n", code: "too-deep", severity: "error", line: 34, column: 33 },
  { name: "multi-doc duplicate names", multi: true, text: "name: a\nmerge_method: linear\nmodels:\n  - model: org/x\n    parameters: {weight: 1}\n---\nname: a\nmerge_method: linear\nmodels:\n  - model: org/y\n    parameters: {weight: 1}\n", code: "duplicate-name", severity: "error", line: 7, column: 1 },
  { name: "multi-doc reference cycle", multi: true, text: "name: a\nmerge_method: linear\nmodels:\n  - model: b\n    parameters: {weight: 1}\n---\nname: b\nmerge_method: linear\nmodels:\n  - model: a\n    parameters: {weight: 1}\n", code: "reference-cycle", severity: "error", line: 1, column: 1 },
];

describe("broken recipes", () => {
  it("has at least 30 cases", () => expect(CASES.length).toBeGreaterThanOrEqual(30));
  for (const c of CASES) {
    it(`${c.name} -> ${c.code} at ${c.line}:${c.column}`, () => {
      const diags = c.multi ? parseRecipes(c.text).diagnostics : parseRecipe(c.text).diagnostics;
      const hit = diags.find((d) => d.code === c.code);
      expect(hit, `diagnostics were: ${JSON.stringify(diags.map((d) => `${d.code}@${d.line}:${d.column}`))}`).toBeDefined();
      expect({ severity: hit?.severity, line: hit?.line, column: hit?.column }).toEqual({ severity: c.severity, line: c.line, column: c.column });
      expect(hit?.message.length).toBeGreaterThan(20);
      if (c.severity === "error" && !c.multi) expect(parseRecipe(c.text).recipe).toBeNull();
    });
  }
  it("reports several problems at once, in source order", () => {
    const d = parseRecipe("merge_method: tie\nbase_model: org/b\nmodels:\n  - model: org/a\n    parameters: {weight: 1}\ndtype: bf16\nfoo: 1\n").diagnostics;
    expect(d.map((x) => x.code)).toEqual(["unknown-merge-method", "unknown-dtype", "unknown-key"]);
    expect(d[0]?.message).toContain("Did you mean 'ties'");
  });
  it("refuses hostile nesting before the YAML parser sees it", () => {
    const flow = parseRecipe("merge_method: linear\nx: " + "[".repeat(100_000) + "]".repeat(100_000)).diagnostics;
    expect(flow.map((d) => `${d.code}@${d.line}:${d.column}`)).toEqual(["too-deep@2:36"]);
    const block = parseRecipes("a:\n" + Array.from({ length: 400 }, (_, i) => " ".repeat(i + 1) + "- ").join("\n")).diagnostics;
    expect(block.map((d) => d.code)).toEqual(["too-deep"]);
  });
  it("bounds the number of documents in one file", () => {
    const doc = "merge_method: linear\nmodels:\n  - model: org/a\n    parameters: {weight: 1}\n";
    expect(parseRecipes(Array(65).fill(doc).join("---\n")).diagnostics.map((x) => x.code)).toEqual(["too-many-documents"]);
  });
  it("refuses oversized text without parsing it", () => {
    const d = parseRecipe("# " + "x".repeat(600_000)).diagnostics;
    expect(d.map((x) => x.code)).toEqual(["too-large"]);
  });
  it("silences warnings by comment (line, line above, header) and by option, never errors", () => {
    const base = "merge_method: linear\nmodels:\n  - model: org/a\n    parameters: {weight: 1}\n";
    expect(parseRecipe(base + "foo: 1\n").diagnostics.map((d) => d.code)).toEqual(["unknown-key"]);
    expect(parseRecipe(base + "foo: 1 # merge-studio: ignore unknown-key\n").diagnostics).toEqual([]);
    expect(parseRecipe(base + "# merge-studio: ignore unknown-key\nfoo: 1\n").diagnostics).toEqual([]);
    expect(parseRecipe("# merge-studio: ignore unknown-key\n" + base + "\n\nfoo: 1\n").diagnostics).toEqual([]);
    expect(parseRecipe(base + "foo: 1\n", { ignore: ["unknown-key"] }).diagnostics).toEqual([]);
    expect(parseRecipe(base + "dtype: bf16 # merge-studio: ignore unknown-dtype\n").diagnostics.map((d) => d.code)).toEqual(["unknown-dtype"]);
  });
});
