/**
 * The README.md model card of a merged model: Hub front matter (base_model list, merge
 * relation, library, tags) and mergekit's "Merge Details" sections with the verbatim recipe.
 */
import type { MergePlan } from "../core/plan/types.ts";
import { getMethod } from "../core/methods/registry.ts";

/** Hub-resolvable model ids only: local folder paths must not leak into a public card. */
function hubIds(plan: MergePlan): string[] {
  return [...new Set(plan.models.filter((m) => m.kind === "hub").map((m) => m.repo))];
}

function link(plan: MergePlan, index: number): string {
  const m = plan.models[index];
  return m.kind === "hub" ? `[${m.repo}](https://huggingface.co/${m.repo})` : m.repo.split(/[\\/]/).filter(Boolean).pop() ?? m.repo;
}

/** The card text for `plan`, merged from `recipeText`. */
export function buildModelCard(plan: MergePlan, recipeText: string, name = "merged-model"): string {
  const spec = getMethod(plan.method);
  const pretty = spec?.pretty ?? plan.method;
  const methodLink = spec?.reference_url ? `[${pretty}](${spec.reference_url})` : pretty;
  // mergekit names no base for slerp and lists every model instead.
  const base = plan.method === "slerp" ? null : plan.baseModelIndex;
  const ids = hubIds(plan);
  const front = [
    "---",
    ...(ids.length ? ["base_model:", ...ids.map((id) => `- ${id}`)] : []),
    "base_model_relation: merge",
    "library_name: transformers",
    "tags:",
    "- mergekit",
    "- merge",
    "---",
  ];
  const merged = plan.models.map((_, i) => i).filter((i) => i !== base).map((i) => `* ${link(plan, i)}`);
  const body = [
    `# ${name}`,
    "",
    "This is a merge of pre-trained language models created using [mergekit](https://github.com/cg123/mergekit)-compatible Merge Studio.",
    "",
    "## Merge Details",
    "### Merge Method",
    "",
    `This model was merged using the ${methodLink} merge method${base !== null ? ` using ${link(plan, base)} as a base` : ""}.`,
    "",
    "### Models Merged",
    "",
    "The following models were included in the merge:",
    ...merged,
    "",
    "### Configuration",
    "",
    "The following YAML configuration was used to produce this model:",
    "",
    "```yaml",
    recipeText.trimEnd(),
    "```",
    "",
  ];
  return [...front, ...body].join("\n");
}
