/**
 * A job id derived from what determines the output (plan + recipe), so a reloaded page that
 * starts the same merge finds the journal and partial shards of the interrupted run.
 */
import type { MergePlan } from "../core/plan/types.ts";
import { sha256Hex } from "../storage/sha256.ts";

/** 16 hex digits of SHA-256 over the plan JSON and the recipe text. */
export async function jobIdFor(plan: MergePlan, recipeText: string): Promise<string> {
  const key = JSON.stringify({ plan: { ...plan, report: undefined }, recipe: recipeText });
  return "job-" + (await sha256Hex(new TextEncoder().encode(key))).slice(0, 16);
}
