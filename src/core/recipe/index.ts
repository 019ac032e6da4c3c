/**
 * The recipe language: mergekit YAML <-> typed Recipe, with positioned diagnostics.
 *
 * Reading
 * - parseRecipe(text, {fileName?, ignore?}) -> {recipe, diagnostics, document}: one document;
 *   `recipe` is null when any error was found. Never throws.
 * - parseRecipes(text, opts) -> {documents, diagnostics}: multi-document (mergekit-multi) files,
 *   checked as a whole (unique names, one unnamed final document, no reference cycles).
 * - Diagnostic = {severity, code, message, line, column, endLine, endColumn (1-based), path}.
 *   Errors = what mergekit rejects; warnings = what it accepts but is almost surely a mistake.
 *   A comment `# merge-studio: ignore CODE` on/above the line (or in the file header) silences
 *   a warning code; so does `ignore` in the options.
 *
 * Writing
 * - formatRecipe(recipe) / formatRecipes(recipes): canonical YAML, stable and idempotent.
 * - editRecipeText(text, path, value | undefined): one edit applied to the text, comments and
 *   formatting elsewhere kept (the visual editor uses it).
 *
 * Parameters (for the planner)
 * - resolveTensorParams({recipe, method, moduleName?, position, outputTensorName,
 *   inputTensorNameByModel?}) -> {global, perModel (by modelKey), baseModel, missing}: mergekit's
 *   ConfigReader + evaluate_setting for one output tensor. position = {kind: "layer",
 *   sliceIndex, layerIndexInSlice, sliceLayerCount} | {kind: "pre"} | {kind: "post"}.
 * - evaluateSetting, resolveParameter, layerT, normalizedSlices: the pieces, for tests and UI.
 *
 * Sharing
 * - encodeShareFragment(recipe | text) -> {fragment: "#r=1.…" | null, diagnostics}: errors = refused
 *   (invalid, local paths, tokens); warnings = not reproducible (unpinned revision, no random_seed).
 * - decodeShareFragment(urlOrFragment) -> {text, recipe, diagnostics, document}.
 */
export type * from "./types.ts";
export { DTYPES } from "./types.ts";
export { parseRecipe, type ParsedRecipe, type ParseOptions } from "./parse.ts";
export { parseRecipes, type ParsedRecipes } from "./parse-multi.ts";
export { formatRecipe, formatRecipes, recipeData } from "./format.ts";
export { editRecipeText, RecipeEditError } from "./edit.ts";
export { evaluateSetting, layerT, normalizedSlices, resolveParameter, resolveTensorParams, type LookupContext, type TensorParams, type TensorParamsQuery, type TensorPosition } from "./resolve.ts";
export { decodeShareFragment, encodeShareFragment, reproducibilityWarnings, shareUrl, SHARE_VERSION, type ShareDecodeResult, type ShareEncodeResult } from "./share.ts";
export { formatModelPath, isLocalPath, modelKey, modelReferenceString, parseModelReference } from "./model-ref.ts";
export { MAX_ALIAS_COUNT, MAX_DEPTH, MAX_DOCUMENTS, MAX_RECIPE_CHARS } from "./limits.ts";
export { CHAT_TEMPLATES } from "./validate.ts";
export { TOP_LEVEL_KEYS } from "./decode.ts";
