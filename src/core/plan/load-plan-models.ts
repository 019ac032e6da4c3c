import { readModelHeaders } from "../model-source/read-model-headers";
import type { ModelSource } from "../model-source/types";
import { modelKey } from "../recipe/model-ref";
import type { ModelReference, Recipe } from "../recipe/types";
import { referencesOf, type PlanModelInput } from "./plan-merge";
import { readTokenizerFiles, recipeNeedsTokenizerFiles } from "./read-tokenizer-files";

/**
 * Opens every model the recipe references (via `open`, which picks the Hub or a local folder)
 * and reads its config, file list and headers in parallel: the input of planMerge.
 */
export async function loadPlanModels(recipe: Recipe, open: (ref: ModelReference) => Promise<ModelSource>): Promise<PlanModelInput[]> {
  return Promise.all(referencesOf(recipe).map((ref) => loadPlanModel(recipe, ref, open)));
}

/** One model's planner input: config, file list, headers, and tokenizer files when the recipe needs them. */
export async function loadPlanModel(recipe: Recipe, ref: ModelReference, open: (ref: ModelReference) => Promise<ModelSource>): Promise<PlanModelInput> {
  const source = await open(ref);
  const headers = await readModelHeaders(source);
  const tokenizer = recipeNeedsTokenizerFiles(recipe) ? await readTokenizerFiles(source, headers.files) : undefined;
  return { key: modelKey(ref), info: source.describe(), headers, ...(tokenizer ? { tokenizer } : {}) };
}
