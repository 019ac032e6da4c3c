/**
 * Reads a model's tokenizer.json and tokenizer_config.json for the planner, only when the
 * recipe needs them (tokenizer_source, tokenizer:, chat_template). Small files, read through
 * the same ModelSource as config.json.
 */
import type { ModelSource } from "../model-source/types";
import type { Recipe } from "../recipe/types";
import type { PlanFile } from "./types";

/** The tokenizer files of one input model, as text (null when the model has none). */
export interface PlanTokenizerFiles {
  json: string | null;
  config: string | null;
  /** Bytes read for them. */
  bytesRead: number;
}

/** True when planning this recipe needs every model's tokenizer files. */
export function recipeNeedsTokenizerFiles(recipe: Recipe): boolean {
  return recipe.tokenizer_source !== undefined || recipe.tokenizer !== undefined || recipe.chat_template !== undefined;
}

/** Read tokenizer.json and tokenizer_config.json where `files` lists them. */
export async function readTokenizerFiles(source: ModelSource, files: readonly PlanFile[]): Promise<PlanTokenizerFiles> {
  const have = new Set(files.map((f) => f.path));
  let bytesRead = 0;
  const read = async (path: string): Promise<string | null> => {
    if (!have.has(path)) return null;
    const bytes = await source.readFile(path);
    bytesRead += bytes.byteLength;
    return new TextDecoder().decode(bytes);
  };
  const [json, config] = await Promise.all([read("tokenizer.json"), read("tokenizer_config.json")]);
  return { json, config, bytesRead };
}
