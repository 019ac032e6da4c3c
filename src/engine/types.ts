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

/** An input tensor read tile by tile (a spilled tensor's scratch file): src/gpu's GpuReaderInput. */
export interface TensorTileReader {
  dtype: FloatDtype;
  /** Raw bytes of elements [startElem, startElem + count). */
  read(startElem: number, count: number): Promise<Uint8Array> | Uint8Array;
}

/** One tensor (or one row-tile of an elementwise tensor) to merge: src/gpu/merge-tensor's request. */
export interface MergeRequest {
  method: MethodName;
  shape: number[];
  models: (TensorInput | TensorTileReader)[];
  base: TensorInput | TensorTileReader | null;
  global: Record<string, number | boolean>;
  perModel: Record<string, number>[];
  seed: number;
  tensorName: string;
  outDtype: FloatDtype;
  /** GPU memory for one tile's working set (spilled tensors: follows the engine's budget). */
  tileBudgetBytes?: number;
  /** Receives the output tile by tile, in order, instead of the returned array (then empty). */
  writeOut?: (byteOffset: number, bytes: Uint8Array) => Promise<void> | void;
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
  /** Bytes of input + output a unit may hold in memory at once (default 256 MiB). */
  memoryBudgetBytes?: number;
  /** Range reads in flight at most (default 6). */
  fetchConcurrency?: number;
  /** Fixed job id (default: derived from the plan and recipe, so a reload finds its job). */
  jobId?: string;
  /** Minimum ms between "progress" events (default 250). */
  progressIntervalMs?: number;
}

/** Milliseconds the merge loop spent per stage (fetches run ahead in parallel and are not counted). */
export interface MergeStageTimes {
  /** Waiting for inputs the prefetch had not finished: network time the pipeline did not hide. */
  waitMs: number;
  /** Merging on the GPU (upload, kernels, read-back). */
  mergeMs: number;
  /** Writing to OPFS, hashing as written, finalising shards. */
  writeMs: number;
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
  /** A tensor over the memory budget was staged in a scratch file and is merged tile by tile. */
  | { type: "tensor-spilled"; name: string; index: number; scratchBytes: number }
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
  | { type: "done"; jobId: string; files: OutputFile[]; ms: number; stages: MergeStageTimes };
