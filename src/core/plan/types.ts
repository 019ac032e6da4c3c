/**
 * The MergePlan: everything the engine needs to run a merge, computed from the recipe, the
 * models' config.json files, file lists and safetensors headers alone (no weight bytes).
 * Plain JSON data only (no classes, Maps or typed arrays): it crosses to a worker and may be
 * stored or diffed. Built by planMerge (plan-merge.ts), executed by src/engine, shown by the UI.
 */
import type { MethodName } from "../methods/types";
import type { Dtype } from "../safetensors/dtype.ts";
import type { TokenizerPlan } from "../tokenizer/plan-tokenizer.ts";

/** Safetensors dtype names as they appear in headers (the safetensors module's Dtype). */
export type TensorDtype = Dtype;

/** A JSON value (config.json contents). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Where a model's bytes come from. */
export type ModelSourceKind = "hub" | "local";

/** A file of an input model, as listed by its source. */
export interface PlanFile {
  path: string;
  size: number;
}

/** One input model, pinned so the merge is reproducible. */
export interface PlannedModel {
  /** The reference exactly as written in the recipe, e.g. "org/name@main" or "./models/a". */
  reference: string;
  /** Hub repo id ("org/name") or the local folder path. */
  repo: string;
  /** Revision the recipe asked for (branch, tag or sha); null = default branch / local. */
  requestedRevision: string | null;
  /** Commit sha the Hub resolved the revision to; null for local folders. */
  commitSha: string | null;
  kind: ModelSourceKind;
  /** The model's config.json. */
  config: JsonObject;
  /** Every file of the model (path relative to the repo root, size in bytes). */
  files: PlanFile[];
}

/** One input tensor feeding an output tensor. */
export interface PlannedSource {
  /** Index into MergePlan.models. */
  modelIndex: number;
  /** "base" for the base model's tensor, "model" for the others. */
  role: "model" | "base";
  /** Tensor name in the input checkpoint (source layer index, may differ from the output). */
  tensorName: string;
  /** Safetensors file (path in the model) holding it. */
  file: string;
  /** Absolute byte range [start, end) of the tensor data within `file` (header included). */
  byteRange: [number, number];
  dtype: TensorDtype;
  shape: number[];
}

/** One output tensor, in write order. */
export interface PlannedTensor {
  /** Output tensor name (output layer index). */
  name: string;
  /** Output shape (after embedding crop to the common submatrix, where that applies). */
  shape: number[];
  /** Output dtype (out_dtype, else dtype, else the first source's stored dtype). */
  dtype: TensorDtype;
  /** Dtype the method computes in (recipe `dtype`, else stored dtype); kernels use f32 internally. */
  mergeDtype: TensorDtype;
  method: MethodName;
  /** Non-base sources in recipe order, then the base source (if any) last. */
  sources: PlannedSource[];
  /** Resolved global parameters (method defaults filled in). */
  global: Record<string, number | boolean>;
  /** Resolved per-model parameters, one record per source with role "model", same order. */
  perModel: Record<string, number>[];
  /** Seed for counter-based PRNG methods (DARE, DELLA). */
  seed: number;
  /** Output layer index, or null for pre/post weights. */
  layerIndex: number | null;
  /** True for vocab-sized tensors (embed_tokens, lm_head: mergekit's is_embed). */
  isEmbed?: boolean;
  /** Rows/cols to keep when embeddings of different vocab sizes are cropped (is_embed only). */
  crop?: number[];
  /** Index into MergePlan.shards. */
  shard: number;
  /** Byte offset of this tensor's data within the shard's data section (after the header). */
  offset: number;
  /** Output byte size (product of shape times dtype size). */
  byteSize: number;
}

/** One output safetensors file. */
export interface PlannedShard {
  /** "model.safetensors" or "model-0000i-of-0000N.safetensors". */
  fileName: string;
  /** Output tensor names in this shard, in write order. */
  tensors: string[];
  /** Size of the data section in bytes (header excluded). */
  byteSize: number;
  /** Header length once serialised (8-byte length prefix + JSON), if already computed. */
  headerBytes?: number;
}

/** A non-weight file copied into the output (tokenizer, generation config...). */
export interface PlannedCopy {
  path: string;
  /** Index into MergePlan.models of the donor model. */
  modelIndex: number;
  size: number;
}

export type ProblemSeverity = "error" | "warning" | "info";

/** One thing the user should know before merging; errors block the merge. */
export interface PreflightProblem {
  severity: ProblemSeverity;
  /** Stable kebab-case code, e.g. "shape-mismatch", "missing-tensor", "vocab-mismatch". */
  code: string;
  /** What is wrong, naming the model and tensor. */
  message: string;
  /** What to do about it. */
  fix: string;
  /** Output tensor concerned, if any. */
  tensor?: string;
  /** Index into MergePlan.models concerned, if any. */
  modelIndex?: number;
  /** Path of the recipe YAML node concerned, e.g. ["slices", 1, "sources", 0, "layer_range"]. */
  path?: (string | number)[];
}

/** One output layer and where it comes from (for the layer map view). */
export interface LayerMapEntry {
  /** Output layer index. */
  outputLayer: number;
  /** Each source: model and its input layer index. */
  sources: { modelIndex: number; inputLayer: number; role: "model" | "base" }[];
  /** Index of the output slice this layer belongs to. */
  slice: number;
}

/** Time estimate from a stated throughput assumption. */
export interface PreflightEstimate {
  /** Assumed download throughput in bytes per second. */
  downloadBytesPerSecond: number;
  /** Assumed GPU/merge throughput in output bytes per second. */
  mergeBytesPerSecond: number;
  /** Estimated seconds (download + merge, not overlapped: an upper bound). */
  seconds: number;
}

/** The pre-flight report: what will happen and every problem, from headers alone. */
export interface PreflightReport {
  /** True when no problem has severity "error". */
  ok: boolean;
  problems: PreflightProblem[];
  layerMap: LayerMapEntry[];
  estimate: PreflightEstimate;
}

/** Totals over the plan. */
export interface PlanTotals {
  /** Weight bytes to read from the sources (each source range counted once). */
  bytesToFetch: number;
  /** Output weight bytes (shard data sections, headers excluded). */
  outputBytes: number;
  tensorCount: number;
  shardCount: number;
}

/** The whole plan. */
export interface MergePlan {
  /** Format version of this structure. */
  version: 1;
  method: MethodName;
  models: PlannedModel[];
  /** Index into models of the base model, or null. */
  baseModelIndex: number | null;
  /** Output tensors in write order (shard by shard, offset ascending). */
  tensors: PlannedTensor[];
  shards: PlannedShard[];
  /** Maximum shard data size used for sharding, in bytes. */
  maxShardBytes: number;
  /** Output config.json (donor config with num_hidden_layers / torch_dtype edits). */
  config: JsonObject;
  /** Index of the model config.json and tokenizer files are taken from. */
  donorModelIndex: number;
  copies: PlannedCopy[];
  /** The merged tokenizer (tokenizer_source / tokenizer:): output files and embedding row sources. */
  tokenizer?: TokenizerPlan;
  /** Small files the plan generates instead of copying (tokenizer_config.json with chat_template). */
  generatedFiles?: Record<string, string>;
  totals: PlanTotals;
  report: PreflightReport;
}
