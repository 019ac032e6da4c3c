/** Bounds on hostile input: a recipe is a few KB; anything far beyond is refused, not parsed. */

/** Largest recipe text accepted, in characters. */
export const MAX_RECIPE_CHARS = 512 * 1024;
/** Most alias (`*ref`) expansions per document (yaml's maxAliasCount): stops "billion laughs". */
export const MAX_ALIAS_COUNT = 100;
/** Deepest nesting of mappings/lists accepted (a real recipe is at most ~8 deep). */
export const MAX_DEPTH = 32;
/** Most documents in one multi-document file. */
export const MAX_DOCUMENTS = 64;
