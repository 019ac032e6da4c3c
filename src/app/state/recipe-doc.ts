/**
 * The app's view of the recipe text: parsed once per text (memoised by the selector) into loose,
 * UI-friendly data plus the recipe language's diagnostics (src/core/recipe), and visual edits
 * applied to the text with comments kept (editRecipeText).
 *
 * The form reads `data` (plain YAML-to-JS) rather than the validated Recipe, so it keeps working
 * while the recipe has semantic errors: only YAML syntax errors pause it.
 */
import { parseDocument } from "yaml";
import { editRecipeText, parseRecipe, type Diagnostic, type RecipePath } from "../../core/recipe/index.ts";

export type { RecipePath };

/** One problem in the recipe, 1-based positions, as Monaco markers and the form show it. */
export type RecipeProblem = Diagnostic;

/** The recipe as plain data (YAML to JS), or null when the text is not a readable YAML mapping. */
export type RecipeData = Record<string, unknown>;

/** Result of reading the recipe text. */
export interface ParsedRecipeText {
  text: string;
  data: RecipeData | null;
  problems: RecipeProblem[];
}

/** Parse recipe text into data + every diagnostic of the recipe language. */
export function parseRecipeText(text: string): ParsedRecipeText {
  const { diagnostics, document } = parseRecipe(text);
  if (!document || document.errors.length > 0) return { text, data: null, problems: diagnostics };
  let js: unknown;
  try {
    js = document.toJS({ maxAliasCount: 100 });
  } catch {
    return { text, data: null, problems: diagnostics };
  }
  if (js === null || js === undefined) return { text, data: {}, problems: diagnostics };
  if (typeof js !== "object" || Array.isArray(js)) return { text, data: null, problems: diagnostics };
  return { text, data: js as RecipeData, problems: diagnostics };
}

/**
 * Apply one change to the recipe text, keeping comments and formatting elsewhere.
 * `value === undefined` deletes the key or list item. Throws a clear error on broken YAML.
 */
export function editRecipeAt(text: string, path: RecipePath, value: unknown): string {
  if (value === undefined || path.length < 2) return editRecipeText(text, path, value);
  // Build missing parents as plain data: yaml's own parent creation writes JS Maps, which the
  // YAML 1.1 schema serialises as `!!omap` lists that mergekit would not read as a mapping.
  const doc = parseDocument(text, { version: "1.1" });
  let depth = path.length - 1;
  while (depth > 0 && !doc.hasIn(path.slice(0, depth))) depth--;
  if (depth === path.length - 1) return editRecipeText(text, path, value);
  let nested: unknown = value;
  for (let i = path.length - 1; i > depth; i--) {
    const key = path[i];
    nested = typeof key === "number" ? Object.assign(new Array<unknown>(key + 1).fill(null), { [key]: nested }) : { [key]: nested };
  }
  return editRecipeText(text, path.slice(0, depth + 1), nested);
}
