import { architectureForConfig, countLayers, inferArchitecture } from "../arch/resolve-architecture";
import type { ArchitectureDef } from "../arch/types";
import { getMethod } from "../methods/registry";
import type { ModelSourceInfo } from "../model-source/types";
import type { ModelHeaders } from "../model-source/read-model-headers";
import { modelKey } from "../recipe/model-ref";
import type { ModelReference, Recipe } from "../recipe/types";
import { normalizeSlices } from "./normalize-slices";
import { planOutputFiles } from "./plan-output-files";
import { assignShards, DEFAULT_MAX_SHARD_BYTES } from "./plan-shards";
import { planTensors } from "./plan-tensors";
import { applyTokenizerToOutput, planTokenizerStep, reportVocabWithoutTokenizer } from "./plan-tokenizer-step";
import type { PlanTokenizerFiles } from "./read-tokenizer-files";
import { ProblemList } from "./problems";
import type { MergePlan, PlannedModel, TensorDtype } from "./types";

/** One input model as read for planning. */
export interface PlanModelInput {
  /** modelKey() of its reference in the recipe. */
  key: string;
  info: ModelSourceInfo;
  headers: ModelHeaders;
  /** tokenizer.json / tokenizer_config.json, read when the recipe sets a tokenizer or chat_template. */
  tokenizer?: PlanTokenizerFiles;
}

/** Planner settings. */
export interface PlanOptions {
  /** Shard size cap in bytes (mergekit --out-shard-size; default 5,000,000,000). */
  maxShardBytes?: number;
  /** Throughput assumptions for the time estimate. */
  downloadBytesPerSecond?: number;
  mergeBytesPerSecond?: number;
}

/** Stated throughput assumptions: a 400 Mbit/s connection and a modest integrated GPU. */
export const DEFAULT_DOWNLOAD_BPS = 50_000_000;
export const DEFAULT_MERGE_BPS = 200_000_000;

const DTYPE_NAMES: Record<string, TensorDtype> = { bfloat16: "BF16", float16: "F16", float32: "F32", int64: "I64" };
const TORCH_NAMES: Partial<Record<TensorDtype, string>> = { BF16: "bfloat16", F16: "float16", F32: "float32", I64: "int64" };

/**
 * Builds the MergePlan from a parsed recipe and every referenced model's config, file list
 * and headers. Never throws for a bad combination of models: every problem goes into
 * plan.report.problems (errors make report.ok false and the engine refuses the plan).
 */
export function planMerge(recipe: Recipe, inputs: readonly PlanModelInput[], options: PlanOptions = {}): MergePlan {
  const problems = new ProblemList();
  const models: PlannedModel[] = inputs.map((m) => ({
    reference: m.info.reference, repo: m.info.repo, requestedRevision: m.info.requestedRevision,
    commitSha: m.info.commitSha, kind: m.info.kind, config: m.headers.config, files: m.headers.files,
  }));
  const names = inputs.map((m) => m.info.reference);
  const indexOf = (ref: ModelReference): number => {
    const i = inputs.findIndex((m) => m.key === modelKey(ref));
    if (i < 0) throw new Error(`planMerge: model '${modelKey(ref)}' was not loaded; pass every model the recipe references`);
    return i;
  };

  const method = getMethod(recipe.merge_method);
  const baseModelIndex = recipe.base_model ? indexOf(recipe.base_model) : null;
  let archs = inputs.map((m) => modelArchitecture(m, recipe));
  if (archs.some((a) => a.id === "auto")) {
    // mergekit: if any model's architecture is unknown, infer one from the union of all names.
    const union = inferArchitecture([...new Set(inputs.flatMap((m) => [...m.headers.tensors.keys()]))]);
    archs = inputs.map(() => union);
    problems.add("info", "auto-architecture", `no architecture definition for ${[...new Set(inputs.map((m) => JSON.stringify(m.headers.config["architectures"] ?? null)))].join(", ")}; layers inferred from tensor names ('${union.layerPrefix}{i}.*')`,
      "check the layer map; config.json's layer count is not updated for slices");
  }
  const arch = archs[baseModelIndex ?? 0] ?? inferArchitecture([]);
  checkArchitectures(archs, names, problems);
  const donorModelIndex = baseModelIndex ?? 0;
  const tokenizerStep = planTokenizerStep({ recipe, models: inputs.map((m, i) => ({ key: m.key, name: names[i] ?? "?", config: m.headers.config, ...(m.tokenizer ? { tokenizer: m.tokenizer } : {}) })), baseModelIndex, donorIndex: donorModelIndex, vocabKey: arch.vocabSizeKey }, problems);
  if (recipe.tokenizer_source === undefined && recipe.tokenizer === undefined) reportVocabWithoutTokenizer(names, inputs.map((m, i) => m.headers.config[archs[i]?.vocabSizeKey ?? "vocab_size"]), problems);
  const layerCount = (i: number): number => {
    const m = inputs[i] as PlanModelInput;
    const a = archs[i] as ArchitectureDef;
    const c = countLayers(m.headers.config, a, m.headers.tensors.keys());
    if (c.fromConfig !== null && c.fromConfig !== c.fromTensors) {
      problems.addGrouped("warning", "layer-count-mismatch", `model '${names[i] ?? "?"}': config.json says ${a.numLayersKey ?? "?"} = ${c.fromConfig} but its weights have ${c.fromTensors} layers`,
        "use the layer count of the weights; fix config.json if the model is yours", { modelIndex: i });
    }
    return c.fromTensors;
  };

  for (const ref of referencesOf(recipe)) {
    if (ref.lora) problems.add("error", "lora-unsupported", `'${modelKey(ref)}' applies a LoRA adapter; merging adapters in is not supported yet`, "merge the LoRA into its base with PEFT first and reference the result");
  }
  const mergeDtype = dtypeOf(recipe.dtype, "dtype", problems);
  const outDtype = dtypeOf(recipe.out_dtype, "out_dtype", problems) ?? mergeDtype;

  let slices = normalizeSlices(recipe, indexOf, layerCount, problems);
  if (!method) {
    problems.add("error", "unknown-method", `merge_method '${recipe.merge_method}' is not a known method`, "use one of linear, slerp, ties, dare_ties, task_arithmetic, passthrough, …");
    slices = [];
  } else {
    slices = checkSlices(slices, method, names, layerCount, problems);
  }
  const { tensors, layerMap } = method
    ? planTensors({ recipe, method, arch, models: inputs.map((m, i) => ({ name: names[i] ?? "?", key: m.key, tensors: m.headers.tensors })), slices, mergeDtype, outDtype, seed: recipe.random_seed ?? 0, embedRows: tokenizerStep.tokenizer?.rows ?? null }, problems)
    : { tensors: [], layerMap: [] };
  checkDtypes(tensors.flatMap((t) => t.sources.map((s) => s.dtype)), problems);

  const maxShardBytes = options.maxShardBytes ?? DEFAULT_MAX_SHARD_BYTES;
  const { placed, shards } = assignShards(tensors, maxShardBytes);
  const planned = planOutputFiles({
    donorConfig: models[donorModelIndex]?.config ?? {}, donorIndex: donorModelIndex, donorFiles: models[donorModelIndex]?.files ?? [],
    arch, layers: slices.some((s) => s.explicit) ? layerMap.length : null, torchDtype: outDtype ? (TORCH_NAMES[outDtype] ?? null) : null,
  }, problems);
  const files = applyTokenizerToOutput(planned.config, planned.copies, tokenizerStep, arch.vocabSizeKey);

  const fetched = new Map<string, number>();
  for (const t of placed) for (const s of t.sources) fetched.set(`${s.modelIndex}\0${s.file}\0${s.byteRange[0]}`, s.byteRange[1] - s.byteRange[0]);
  const bytesToFetch = [...fetched.values()].reduce((a, b) => a + b, 0);
  const outputBytes = shards.reduce((a, s) => a + s.byteSize, 0);
  const down = options.downloadBytesPerSecond ?? DEFAULT_DOWNLOAD_BPS;
  const merge = options.mergeBytesPerSecond ?? DEFAULT_MERGE_BPS;
  const finalProblems = problems.finish();
  return {
    version: 1, method: method?.name ?? "linear", models, baseModelIndex, tensors: placed, shards, maxShardBytes,
    config: files.config, donorModelIndex, copies: files.copies,
    ...(tokenizerStep.tokenizer ? { tokenizer: tokenizerStep.tokenizer } : {}), ...(tokenizerStep.generatedFiles ? { generatedFiles: tokenizerStep.generatedFiles } : {}),
    totals: { bytesToFetch, outputBytes, tensorCount: placed.length, shardCount: shards.length },
    report: {
      ok: !finalProblems.some((p) => p.severity === "error"), problems: finalProblems, layerMap,
      estimate: { downloadBytesPerSecond: down, mergeBytesPerSecond: merge, seconds: Math.ceil(bytesToFetch / down + outputBytes / merge) },
    },
  };
}

/** Every model reference of a recipe, in first-appearance order (base model last if new). */
export function referencesOf(recipe: Recipe): ModelReference[] {
  const refs: ModelReference[] = [];
  const push = (r: ModelReference | undefined | "union" | "base"): void => {
    if (r && typeof r === "object" && !refs.some((x) => modelKey(x) === modelKey(r))) refs.push(r);
  };
  for (const m of recipe.models ?? []) push(m.model);
  for (const s of recipe.slices ?? []) {
    for (const src of s.sources) push(src.model);
    push(s.base_model);
  }
  for (const mod of Object.values(recipe.modules ?? {})) {
    for (const m of mod.models ?? []) push(m.model);
    for (const s of mod.slices ?? []) for (const src of s.sources) push(src.model);
  }
  push(recipe.base_model);
  return refs;
}

function modelArchitecture(m: PlanModelInput, recipe: Recipe): ArchitectureDef {
  const override = referencesOf(recipe).find((r) => modelKey(r) === m.key)?.override_architecture;
  const config = override ? { ...m.headers.config, architectures: [override] } : m.headers.config;
  return architectureForConfig(config) ?? inferArchitecture([...m.headers.tensors.keys()]);
}

function checkArchitectures(archs: readonly ArchitectureDef[], names: readonly string[], problems: ProblemList): void {
  const first = archs[0];
  archs.forEach((a, i) => {
    if (first && (a.id !== first.id || a.layerPrefix !== first.layerPrefix)) {
      problems.add("error", "architecture-mismatch", `model '${names[i] ?? "?"}' is ${a.id} but '${names[0] ?? "?"}' is ${first.id}; mergekit refuses to mix architectures (--allow-crimes)`,
        "merge models of one architecture family (same config.json `architectures`)", { modelIndex: i });
    }
  });
}

function checkSlices(slices: ReturnType<typeof normalizeSlices>, method: NonNullable<ReturnType<typeof getMethod>>, names: readonly string[], layerCount: (i: number) => number, problems: ProblemList): ReturnType<typeof normalizeSlices> {
  const ok = slices.filter((slice) => {
    let good = true;
    for (const s of slice.sources) {
      const n = layerCount(s.modelIndex);
      if (s.layerStart < 0 || s.layerEnd > n || s.layerStart >= s.layerEnd) {
        problems.add("error", "layer-range-out-of-bounds", `${s.where}.layer_range [${s.layerStart}, ${s.layerEnd}] does not fit model '${names[s.modelIndex] ?? "?"}' with ${n} layers`,
          `use a range within [0, ${n}] (end exclusive) with start < end`, { modelIndex: s.modelIndex, path: [...s.path, "layer_range"] });
        good = false;
      }
    }
    const lengths = new Set(slice.sources.map((s) => s.layerEnd - s.layerStart));
    if (good && lengths.size > 1) {
      problems.add("error", "slice-length-mismatch", `all inputs to a slice must contain the same number of layers (${slice.sources.map((s) => `${s.where}: ${s.layerEnd - s.layerStart}`).join(", ")})`,
        "give every source of the slice a layer_range of the same length", { path: slice.sources[0]?.path.slice(0, -2) ?? [] });
      good = false;
    }
    return good;
  });
  const needsBase = method.base === "required";
  slices.forEach((slice, i) => {
    const others = slice.sources.filter((s) => s.modelIndex !== slice.baseModelIndex || method.base === "unused").length;
    if (needsBase && slice.baseModelIndex === null) {
      problems.add("error", "missing-base-model", `merge_method ${method.name} needs a base_model${slices.length > 1 ? ` (slice ${i})` : ""}`, "add `base_model: org/name` (usually the model the others were fine-tuned from)", { path: ["merge_method"] });
    }
    if (others < method.models.min || (method.models.max !== undefined && others > method.models.max)) {
      const want = method.models.max === undefined ? `at least ${method.models.min}` : method.models.min === method.models.max ? `exactly ${method.models.min}` : `${method.models.min} to ${method.models.max}`;
      problems.add("error", "model-count", `merge_method ${method.name} takes ${want} non-base model(s) per slice, got ${others}`, "add or remove models so the count fits the method", { path: slice.explicit ? ["slices", slice.index, "sources"] : ["models"] });
    }
  });
  return ok;
}

function dtypeOf(name: string | undefined, field: string, problems: ProblemList): TensorDtype | null {
  if (name === undefined) return null;
  const d = DTYPE_NAMES[name.replace(/^torch\./, "")];
  if (!d) problems.add("error", "bad-dtype", `${field}: '${name}' is not a dtype mergekit accepts`, "use bfloat16, float16 or float32", { path: [field] });
  return d ?? null;
}

function checkDtypes(dtypes: readonly string[], problems: ProblemList): void {
  const odd = [...new Set(dtypes)].filter((d) => !["F32", "F16", "BF16"].includes(d));
  if (odd.length > 0) {
    problems.add("error", "dtype-unsupported", `some source tensors are stored as ${odd.join(", ")}; only F32, F16 and BF16 weights can be merged`, "use unquantized checkpoints (bf16/f16/f32 safetensors)");
  }
  if (new Set(dtypes).size > 1) {
    problems.add("info", "dtype-mixed", `source tensors have mixed dtypes (${[...new Set(dtypes)].join(", ")}); all are computed in f32`, "set `dtype:` to choose the output dtype explicitly");
  }
}
