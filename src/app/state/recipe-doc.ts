/**
 * The app's view of the recipe text: parsed once per text (memoised by the selector) into loose,
 * UI-friendly data plus the recipe language's diagnostics (src/core/recipe), and visual edits
 * applied to the text with comments kept (editRecipeText).
 *
 * The form reads `data` (plain YAML-to-JS) rather than the validated Recipe, so it keeps working
 * while the recipe has semantic errors: only YAML syntax errors pause it.
 */
import { parseRecipe, type Diagnostic, type RecipePath } from "../../core/recipe/index.ts";

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

