/**
 * The non-weight files of the output folder: config.json from the plan, tokenizer and other
 * small files copied from the donor model, mergekit_config.yml (the recipe, verbatim), the
 * README model card, and model.safetensors.index.json when there is more than one shard.
 */
import type { MergePlan } from "../core/plan/types.ts";
import { buildSafetensorsIndex } from "../core/safetensors/index.ts";
import { writeSmallFile } from "../storage/output-store.ts";
import { EngineError } from "./errors.ts";
import { buildModelCard } from "./model-card.ts";
import type { EngineDeps } from "./types.ts";

/** Write every small file, yielding each as it lands. Shard files are already in place. */
export async function* writeOutputFiles(
  plan: MergePlan,
  dir: FileSystemDirectoryHandle,
  deps: EngineDeps,
): AsyncGenerator<{ file: string; size: number }> {
  const generatedNames = new Set([...Object.keys(plan.tokenizer?.files ?? {}), ...Object.keys(plan.generatedFiles ?? {})]);
  for (const c of plan.copies) {
    if (generatedNames.has(c.path)) continue;
    const src = deps.sources[c.modelIndex];
    if (!src) throw new EngineError("PLAN_INVALID", `"${c.path}" is to be copied from model #${c.modelIndex}, but only ${deps.sources.length} sources were given.`);
    const bytes = await src.readFile(c.path);
    yield { file: c.path, size: await writeSmallFile(dir, c.path, bytes) };
  }
  // Files the plan generates (merged tokenizer, tokenizer_config.json with a chat_template) win over copies.
  const generated = { ...(plan.tokenizer?.files ?? {}), ...(plan.generatedFiles ?? {}) };
  for (const [name, text] of Object.entries(generated)) yield { file: name, size: await writeSmallFile(dir, name, text) };
  yield { file: "config.json", size: await writeSmallFile(dir, "config.json", JSON.stringify(plan.config, null, 2) + "\n") };
  yield { file: "mergekit_config.yml", size: await writeSmallFile(dir, "mergekit_config.yml", deps.recipeText) };
  yield { file: "README.md", size: await writeSmallFile(dir, "README.md", buildModelCard(plan, deps.recipeText, deps.modelName)) };
  if (plan.shards.length > 1) {
    const map = plan.shards.flatMap((s) => s.tensors.map((t) => [t, s.fileName] as [string, string]));
    const text = buildSafetensorsIndex(map, plan.totals.outputBytes, { mergekit_version: "0.1.4" });
    yield { file: "model.safetensors.index.json", size: await writeSmallFile(dir, "model.safetensors.index.json", text) };
  }
}
