/**
 * Every tokenizer option (tokenizer_source base/union/model, the tokenizer block with tokens,
 * force and pad_to_multiple_of, chat_template) round-trips through the recipe editor:
 * text -> form data (parseRecipeText) -> form edits on a fresh recipe (the store's editRecipe)
 * -> YAML -> the same typed Recipe; and through the canonical formatter.
 */
import { afterEach, describe, expect, it } from "vitest";
import { formatRecipe, parseRecipe, type Recipe } from "../../core/recipe/index.ts";
import { parseRecipeText } from "./recipe-doc.ts";
import { useStudio } from "./store.ts";

const HEAD = "merge_method: linear\nbase_model: org/base\nmodels:\n  - model: org/base\n    parameters: {weight: 0.5}\n  - model: org/chat@v2\n    parameters: {weight: 0.5}\n";
const KEYS = ["tokenizer_source", "tokenizer", "chat_template"] as const;

const CASES: Record<string, string> = {
  "tokenizer_source: base": "tokenizer_source: base\n",
  "tokenizer_source: union": "tokenizer_source: union\n",
  "tokenizer_source: a model": "tokenizer_source: org/chat@v2\n",
  "tokenizer block": [
    "tokenizer:",
    "  source: union",
    "  pad_to_multiple_of: 64",
    "  tokens:",
    "    <|im_start|>:",
    "      source: org/chat@v2",
    "    <|im_end|>:",
    "      source:",
    "        kind: model_token",
    "        model: org/base",
    "        token: </s>",
    "      force: true",
    "    <|pad|>:",
    "      source:",
    "        kind: zero",
    "    <|tool|>:",
    "      source:",
    "        kind: model_token",
    "        model: org/chat@v2",
    "        token_id: 7",
    "",
  ].join("\n"),
  "tokenizer block, model source": "tokenizer:\n  source: org/chat@v2\n",
  "chat_template name": "tokenizer_source: union\nchat_template: chatml\n",
  "chat_template literal": "chat_template: \"{% for m in messages %}{{ m['content'] }}{% endfor %}\"\n",
};

function typed(text: string): Recipe {
  const parsed = parseRecipe(text);
  expect(parsed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(parsed.recipe).not.toBeNull();
  return parsed.recipe as Recipe;
}

const tokenizerFields = (r: Recipe): Partial<Recipe> => Object.fromEntries(KEYS.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));

describe("tokenizer options round-trip through the recipe editor", () => {
  const start = useStudio.getState().recipeText;
  afterEach(() => useStudio.setState({ recipeText: start, past: [], future: [], lastEdit: null }));

  for (const [name, tail] of Object.entries(CASES)) {
    it(name, () => {
      const original = typed(HEAD + tail);
      const want = tokenizerFields(original);
      expect(Object.keys(want).length).toBeGreaterThan(0);
      // Form state: the plain data the form reads.
      const data = parseRecipeText(HEAD + tail).data;
      expect(data).not.toBeNull();
      // Form edits on a recipe without tokenizer settings, as the form writes them.
      useStudio.getState().setRecipeText(HEAD, "load");
      for (const key of KEYS) if (data?.[key] !== undefined) useStudio.getState().editRecipe([key], data[key]);
      const edited = typed(useStudio.getState().recipeText);
      expect(tokenizerFields(edited)).toEqual(want);
      // Canonical YAML keeps it too.
      expect(tokenizerFields(typed(formatRecipe(original)))).toEqual(want);
      // And removing each key from the form removes it from the recipe.
      for (const key of KEYS) if (data?.[key] !== undefined) useStudio.getState().editRecipe([key], undefined);
      expect(tokenizerFields(typed(useStudio.getState().recipeText))).toEqual({});
    });
  }

  it("the typed recipe keeps tokens, force, sources and padding", () => {
    const r = typed(HEAD + (CASES["tokenizer block"] as string));
    expect(r.tokenizer?.pad_to_multiple_of).toBe(64);
    expect(r.tokenizer?.source).toBe("union");
    expect(r.tokenizer?.tokens?.["<|im_end|>"]).toMatchObject({ force: true, source: { kind: "model_token", token: "</s>" } });
    expect(r.tokenizer?.tokens?.["<|pad|>"]?.source).toEqual({ kind: "zero" });
    expect(r.tokenizer?.tokens?.["<|tool|>"]?.source).toMatchObject({ kind: "model_token", token_id: 7 });
  });
});
