import type { HubClient } from "../hub/hub-client";
import { HubError } from "../hub/hub-error";
import { openHubModelSource } from "../model-source/hub-model-source";
import type { ModelSource } from "../model-source/types";
import { formatModelPath, modelKey } from "../recipe/model-ref";
import type { ModelReference, Recipe } from "../recipe/types";
import { planMerge, referencesOf, type PlanModelInput, type PlanOptions } from "./plan-merge";
import type { MergePlan, PreflightProblem } from "./types";
import { loadPlanModel } from "./load-plan-models";

/** Where models come from: local folders the user opened, else the Hub. */
export interface PreflightSources {
  /** Hub client (null: Hub references are a problem, e.g. offline use). */
  hub: HubClient | null;
  /** A local source for a reference path (a folder the user picked), or null to use the Hub. */
  local?: (ref: ModelReference) => ModelSource | null | Promise<ModelSource | null>;
}

/** A plan, or why the models could not be read (each with what to do). */
export type PreflightResult = { plan: MergePlan; problems: PreflightProblem[] } | { plan: null; problems: PreflightProblem[] };

/** What to do about a model that could not be read, by error code. */
const FIXES: Record<string, string> = {
  GATED: "add a Hugging Face token (Settings) from an account that accepted the model's conditions",
  UNAUTHORIZED: "the token was rejected: create a new read token at https://huggingface.co/settings/tokens",
  FORBIDDEN: "request access on the model's Hub page, or use a token that has it",
  REPO_NOT_FOUND: "check the repo id (org/name); for a private repo add a token with access",
  REVISION_NOT_FOUND: "use an existing branch, tag or full commit sha after '@'",
  ENTRY_NOT_FOUND: "the repo lacks a file the model needs; pick another revision or model",
  RATE_LIMITED: "wait a few minutes, or add a token (higher limits)",
  NETWORK: "check the connection and the Hub URL, then retry",
  HTTP: "the Hub is having trouble; retry later",
};

/**
 * The whole pre-flight in one call (app and CLI): opens every model of the recipe (local
 * folders first, then the Hub), reads configs and headers, and plans. A model that cannot be
 * read becomes a problem with a fix instead of an exception, so the UI can show all of them.
 */
export async function preflightRecipe(recipe: Recipe, sources: PreflightSources, options: PlanOptions = {}): Promise<PreflightResult> {
  const open = async (ref: ModelReference): Promise<ModelSource> => {
    const local = await sources.local?.(ref);
    if (local) return local;
    if (!sources.hub) throw new HubError("INVALID_REFERENCE", `'${modelKey(ref)}' is not an opened local folder and no Hub is configured`);
    return openHubModelSource(sources.hub, formatModelPath(ref.model));
  };
  // allSettled, not all: every unreadable model is reported, not just the first.
  const refs = referencesOf(recipe);
  const settled = await Promise.allSettled(refs.map((ref) => loadPlanModel(recipe, ref, open)));
  const failures = settled.flatMap((r, i) => (r.status === "rejected" ? [toProblem(r.reason, modelKey(refs[i] as ModelReference))] : []));
  if (failures.length > 0) return { plan: null, problems: failures };
  const plan = planMerge(recipe, settled.map((r) => (r as PromiseFulfilledResult<PlanModelInput>).value), options);
  return { plan, problems: plan.report.problems };
}

function toProblem(err: unknown, reference: string): PreflightProblem {
  const e = err as Error & { code?: unknown };
  const code = typeof e.code === "string" ? e.code : "READ_FAILED";
  return {
    severity: "error",
    code: `model-${code.toLowerCase().replace(/_/g, "-")}`,
    message: `cannot read model '${reference}': ${e.message ?? String(err)}`,
    fix: FIXES[code] ?? "check that the model folder or repo holds config.json and safetensors weights",
  };
}
