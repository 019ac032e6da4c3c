/** Drains runMergeIter, forwarding events to an optional callback; returns the final event. */
import type { MergePlan } from "../core/plan/types.ts";
import { runMergeIter } from "./run-merge-iter.ts";
import type { EngineDeps, MergeEvent } from "./types.ts";

/** Run a merge to completion. */
export async function runMerge(plan: MergePlan, deps: EngineDeps, onEvent?: (e: MergeEvent) => void): Promise<Extract<MergeEvent, { type: "done" }>> {
  let done: Extract<MergeEvent, { type: "done" }> | null = null;
  for await (const e of runMergeIter(plan, deps)) {
    onEvent?.(e);
    if (e.type === "done") done = e;
  }
  if (!done) throw new Error("The merge ended without finishing; this is a bug in the engine.");
  return done;
}
