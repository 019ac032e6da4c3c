/** Derived views of the store, memoised on the recipe text so every component shares one parse. */
import { parseRecipeText, type ParsedRecipeText } from "./recipe-doc.ts";
import type { StudioState } from "./store.ts";

let cache: ParsedRecipeText | null = null;

/** The parsed recipe (data + problems) for the current text. */
export function selectParsed(s: Pick<StudioState, "recipeText">): ParsedRecipeText {
  if (cache === null || cache.text !== s.recipeText) cache = parseRecipeText(s.recipeText);
  return cache;
}
