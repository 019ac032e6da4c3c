/**
 * What the Node commands share about a recipe file: which model references are local folders
 * (mergekit's rule: a path that exists on disk, relative to the recipe) and where in the YAML
 * text a plan problem belongs, for `FILE:LINE:COL` diagnostics.
 */
import { existsSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { MergePlan, PreflightProblem } from "../core/plan/types.ts";
import { isLocalPath } from "../core/recipe/model-ref.ts";
import type { ParsedRecipe } from "../core/recipe/parse.ts";
import type { ModelReference } from "../core/recipe/types.ts";

/** The folder a reference names when it is local, else null (then it is a Hub repo). */
export function localModelDir(recipeDir: string, ref: ModelReference): string | null {
  const path = ref.model.path;
  const dir = isAbsolute(path) ? path : resolve(recipeDir, path.replace(/^file:/, ""));
  return isLocalPath(path) || (existsSync(dir) && statSync(dir).isDirectory()) ? dir : null;
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, at: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, at)).split("\n");
  return { line: before.length, column: (before[before.length - 1] ?? "").length + 1 };
}

/** Position of the first mention of `needle` in `text` (1:1 when absent). */
export function locateText(text: string, needle: string): { line: number; column: number } {
  const at = needle ? text.indexOf(needle) : -1;
  return at < 0 ? { line: 1, column: 1 } : lineColumn(text, at);
}

/** Where a plan problem belongs: its YAML path's node, else the model it names, else 1:1. */
export function locateProblem(parsed: ParsedRecipe, text: string, problem: PreflightProblem, plan: MergePlan | null): { line: number; column: number } {
  const node = problem.path ? (parsed.document?.getIn(problem.path, true) as { range?: [number, number, number] } | undefined) : undefined;
  if (node?.range) return lineColumn(text, node.range[0]);
  const model = problem.modelIndex !== undefined ? plan?.models[problem.modelIndex]?.reference : undefined;
  // Models that could not be read are named in quotes in the message.
  return locateText(text, model ?? /'([^']+)'/.exec(problem.message)?.[1] ?? "");
}
