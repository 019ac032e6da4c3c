/**
 * Build the MergePlan for the current recipe in the page, from config.json, file lists and
 * safetensors headers only (a few KB of Range reads per shard), and say where the merge worker
 * should read each model from. Models named like an opened local folder read from that folder.
 */
import { createHubClient } from "../../core/hub/hub-client.ts";
import { createLocalModelSource, relativePathsFromPicker } from "../../core/model-source/local-model-source.ts";
import { preflightRecipe, type MergePlan } from "../../core/plan/index.ts";
import { formatModelPath, parseRecipe } from "../../core/recipe/index.ts";
import type { SourceSpec } from "../../workers/merge.api.ts";
import type { LocalFolder } from "../state/slices/models-slice.ts";

/** A plan plus the per-model sources the worker needs (same order as plan.models). */
export interface PlannedRecipe {
  plan: MergePlan;
  sources: SourceSpec[];
}

/** Plan `text`; throws an Error whose message lists the recipe's errors when it does not parse. */
export async function planRecipe(text: string, hubUrl: string, token: string | null, folders: Record<string, LocalFolder>): Promise<PlannedRecipe> {
  const { recipe, diagnostics } = parseRecipe(text);
  if (!recipe) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    throw new Error(`Fix the recipe first: ${errors.map((d) => `line ${d.line}: ${d.message}`).join("; ")}`);
  }
  const hub = createHubClient({ fetch: globalThis.fetch.bind(globalThis), baseUrl: hubUrl, token });
  // preflightRecipe reads every model even when some fail, so all unreadable ones are reported at once.
  const result = await preflightRecipe(recipe, {
    hub,
    local: (ref) => {
      const name = formatModelPath(ref.model);
      const folder = folders[name];
      if (!folder) return null;
      const files = relativePathsFromPicker(folder.files).map(({ file, path }) => ({ path, size: file.size, slice: (a: number, b: number) => file.slice(a, b) }));
      return createLocalModelSource(name, folder.name, files);
    },
  });
  if (!result.plan) throw new Error(result.problems.map((p) => `${p.message} (fix: ${p.fix})`).join("\n"));
  const plan = result.plan;
  const sources: SourceSpec[] = plan.models.map((m) => {
    const folder = m.kind === "local" ? folders[m.reference] ?? folders[m.repo] : undefined;
    return folder
      ? { kind: "local", files: relativePathsFromPicker(folder.files).map(({ file, path }) => ({ path, file })) }
      : { kind: "hub" };
  });
  return { plan, sources };
}
