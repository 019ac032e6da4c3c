// The MergePlan: Recipe + model headers -> every output tensor, its sources, parameters, shard.
export type * from "./types";
export { planMerge, referencesOf, DEFAULT_DOWNLOAD_BPS, DEFAULT_MERGE_BPS } from "./plan-merge";
export type { PlanModelInput, PlanOptions } from "./plan-merge";
export { loadPlanModels } from "./load-plan-models";
export { preflightRecipe } from "./preflight-recipe";
export type { PreflightResult, PreflightSources } from "./preflight-recipe";
export { DEFAULT_MAX_SHARD_BYTES } from "./plan-shards";
export { formatBytes, formatPreflightReport } from "./format-report";
