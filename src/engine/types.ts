/**
 * The engine's contract: what runMergeIter needs (deps) and what it reports (events).
 * Sources and the tensor merger are injected, so the same engine runs in the merge worker with
 * the Hub client and the GPU kernels, and in tests with in-memory sources.
 */
import type { MethodName } from "../core/methods/types.ts";
import type { ModelSource } from "../core/model-source/types.ts";
import type { FloatDtype } from "../core/safetensors/index.ts";
import type { OutputFile } from "../storage/output-store.ts";

/** Reads one input model's files: the part of core/model-source's ModelSource the engine uses. */
export type SourceReader = Pick<ModelSource, "readRange" | "readFile">;

/** One input tensor for the merger. */
export interface TensorInput {
  dtype: FloatDtype;
  bytes: Uint8Array;
}

/** One tensor (or one row-tile of an elementwise tensor) to merge: src/gpu/merge-tensor's request. */
export interface MergeRequest {
  method: MethodName;
  shape: number[];
  models: TensorInput[];
  base: TensorInput | null;
  global: Record<string, number | boolean>;
  perModel: Record<string, number>[];
  seed: number;
  tensorName: string;
  outDtype: FloatDtype;
}

/** Merges one tensor; the worker binds mergeTensorGpu(device, ·). */
export type MergeTensorFn = (req: MergeRequest) => Promise<Uint8Array>;

/** Everything runMergeIter needs besides the plan. */
export interface EngineDeps {
  /** One reader per entry of plan.models. */
  sources: SourceReader[];
  mergeTensor: MergeTensorFn;
  /** The recipe text, written verbatim as mergekit_config.yml and into the model card. */
  recipeText: string;
  /** Name for the model card title (default "merged-model"). */
  modelName?: string;
  /** Cancels the merge; checked between every fetch, compute and write. */
  signal?: AbortSignal;
  /** Awaited between work units; resolves immediately unless the user paused. */
  gate?: () => Promise<void>;
  /** Bytes of input + output a unit may hold in memory at once (default 512 MiB). */
  memoryBudgetBytes?: number;
  /** Range reads in flight at most (default 6). */
  fetchConcurrency?: number;
  /** Fixed job id (default: derived from the plan and recipe, so a reload finds its job). */
  jobId?: string;
  /** Minimum ms between "progress" events (default 250). */
  progressIntervalMs?: number;
}

/** Stages of a merge, in order. */
export type MergePhase = "checking-storage" | "resuming" | "merging" | "writing-files" | "done";

/** What runMergeIter yields. */
export type MergeEvent =
  | { type: "job"; jobId: string; tensorsTotal: number; bytesToFetch: number; outputBytes: number }
  | { type: "phase"; phase: MergePhase }
  | { type: "resumed"; tensorsDone: number; tensorsRedone: number; shardsDone: number }
  | { type: "tensor-start"; name: string; index: number }
  | { type: "tensor-done"; name: string; index: number; ms: number; tensorsDone: number; tensorsTotal: number }
  | {
      type: "progress";
      /** Input bytes fetched in this run. */
      bytesFetched: number;
      /** Input bytes this run still had to fetch when it started. */
      bytesToFetch: number;
      tensorsDone: number;
      tensorsTotal: number;
      /** Input bytes per second over this run. */
      rate: number;
      /** Seconds left at the current rate, or null before there is a rate. */
      etaSeconds: number | null;
      currentTensor: string | null;
    }
  | { type: "shard-done"; file: string; sha256: string; size: number }
  | { type: "file-written"; file: string; size: number }
  | { type: "warning"; code: string; message: string; tensor?: string }
  | { type: "done"; jobId: string; files: OutputFile[]; ms: number };
