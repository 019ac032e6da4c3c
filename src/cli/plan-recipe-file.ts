/**
 * Plans a recipe file in Node for a headless merge: local model folders (paths relative to the
 * recipe) are read from disk and, for the browser, served over the Hub protocol by the repo's
 * local Hub server; Hub models are read from `hubUrl`. Returns the plan and, per model, where
 * the merge worker reads it from.
 */
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { basename, dirname, resolve } from "node:path";
import { createHubClient, type HubClient } from "../core/hub/hub-client.ts";
import { openHubModelSource } from "../core/model-source/hub-model-source.ts";
import type { ModelSource } from "../core/model-source/types.ts";
import { loadPlanModels } from "../core/plan/load-plan-models.ts";
import { planMerge } from "../core/plan/plan-merge.ts";
import type { MergePlan } from "../core/plan/types.ts";
import { formatModelPath } from "../core/recipe/model-ref.ts";
import { parseRecipe } from "../core/recipe/parse.ts";
import type { ModelReference } from "../core/recipe/types.ts";
import { startTestHub, type TestHub } from "../test-hub/hub-server.ts";
import type { SourceSpec } from "../workers/merge.api.ts";
import { openNodeModelSource } from "./node-model-source.ts";
import { localModelDir, locateProblem } from "./recipe-locations.ts";

/** A diagnostic in FILE:LINE:COL form. */
export interface CliDiagnostic {
  line: number;
  column: number;
  severity: "error" | "warning" | "info";
  message: string;
}

/** A planned recipe, ready for openBrowserMerge().start(). */
export interface PlannedRecipe {
  recipeText: string;
  plan: MergePlan;
  sources: SourceSpec[];
  /** Serves the local folders to the browser; close it when done (null when none are local). */
  localHub: TestHub | null;
  diagnostics: CliDiagnostic[];
}

/** Options of planRecipeFile. */
export interface PlanRecipeOptions {
  hubUrl: string;
  token: string | null;
  maxShardBytes?: number;
  /** Local Hub serving local folders, reused across calls (tests); one is started otherwise. */
  localHub?: TestHub;
}

/** Parse and plan `file`; a plan with errors comes back with `plan: null` and diagnostics. */
export async function planRecipeFile(file: string, opts: PlanRecipeOptions): Promise<PlannedRecipe | { plan: null; diagnostics: CliDiagnostic[] }> {
  const text = readFileSync(file, "utf8");
  const parsed = parseRecipe(text, { fileName: file });
  const diagnostics: CliDiagnostic[] = parsed.diagnostics.map((d) => ({ line: d.line, column: d.column, severity: d.severity, message: `${d.message} [${d.code}]` }));
  if (!parsed.recipe) return { plan: null, diagnostics };
  const recipeDir = dirname(resolve(file));
  let hub: HubClient | null = null;
  const localDirs = new Map<string, string>();
  const open = async (ref: ModelReference): Promise<ModelSource> => {
    const name = formatModelPath(ref.model);
    const dir = localModelDir(recipeDir, ref);
    if (dir) {
      localDirs.set(name, dir);
      return openNodeModelSource(name, dir);
    }
    hub ??= createHubClient({ fetch: globalThis.fetch, baseUrl: opts.hubUrl, token: opts.token });
    return openHubModelSource(hub, name);
  };
  const models = await loadPlanModels(parsed.recipe, open);
  const plan = planMerge(parsed.recipe, models, opts.maxShardBytes ? { maxShardBytes: opts.maxShardBytes } : {});
  for (const p of plan.report.problems) {
    if (p.severity === "info") continue;
    const where = locateProblem(parsed, text, p, plan);
    diagnostics.push({ ...where, severity: p.severity, message: `${p.message} [${p.code}] (fix: ${p.fix})` });
  }
  if (!plan.report.ok) return { plan: null, diagnostics };

  let localHub: TestHub | null = opts.localHub ?? null;
  const ownHub = !localHub && localDirs.size > 0;
  if (ownHub) localHub = await startTestHub({ redirect: "all" });
  const sources: SourceSpec[] = plan.models.map((m) => {
    const dir = localDirs.get(m.reference);
    if (!dir || !localHub) return { kind: "hub" };
    const id = `local/${basename(dir).replace(/[^\w.-]/g, "_").slice(0, 60) || "model"}-${createHash("sha256").update(dir).digest("hex").slice(0, 8)}`;
    if (!localHub.repoIds().includes(id)) localHub.addRepo(id, dir);
    return { kind: "hub", hubUrl: localHub.url, repo: id, revision: localHub.commitSha(id) };
  });
  return { recipeText: text, plan, sources, localHub: ownHub ? localHub : null, diagnostics };
}
