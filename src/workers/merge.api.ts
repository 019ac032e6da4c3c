/**
 * The merge worker's contract: the only worker file the app may import, and only as types.
 * Errors thrown by the worker arrive as plain {name, code, message} objects (MergeWorkerError):
 * branch on `code`, never on instanceof.
 */
import type { MergePlan } from "../core/plan/types.ts";
import type { MergeEvent } from "../engine/types.ts";
import type { JobSummary } from "../storage/output-store.ts";

export type { MergeEvent, JobSummary };

/** Where the worker reads one input model from (one per plan.models entry, same order). */
export type SourceSpec =
  | {
      kind: "hub";
      /** Read from this Hub origin instead of StartMergeOptions.hubUrl (the CLI serves local folders this way). */
      hubUrl?: string;
      /** Repo and revision to read instead of the plan's (default: plan repo at its commit sha). */
      repo?: string;
      revision?: string;
    }
  | {
      kind: "local";
      /** The folder's files, with paths relative to the model root ("/"-separated). */
      files: { path: string; file: File }[];
    };

/** Everything needed to start (or resume) a merge. */
export interface StartMergeOptions {
  plan: MergePlan;
  /** Recipe YAML, written verbatim as mergekit_config.yml. */
  recipeText: string;
  sources: SourceSpec[];
  /** Hub origin (default https://huggingface.co; tests point it at the local Hub server). */
  hubUrl?: string;
  /** Hugging Face token for gated/private models; sent only to the Hub origin. */
  token?: string | null;
  /** Title of the model card. */
  modelName?: string;
  memoryBudgetBytes?: number;
  fetchConcurrency?: number;
}

/** The final event of a finished merge. */
export type MergeDone = Extract<MergeEvent, { type: "done" }>;

/** An error as it crosses the worker boundary. */
export interface MergeWorkerError {
  name: string;
  code: string;
  message: string;
}

/** What the worker can do here. */
export interface MergeCapabilities {
  webgpu: boolean;
  opfs: boolean;
  syncAccessHandle: boolean;
}

/** The merge worker's operations (exposed with comlink). */
export interface MergeWorkerApi {
  /** Run (or resume) a merge; events go to `onEvent` (a comlink proxy). Resolves when done. */
  start(options: StartMergeOptions, onEvent: (e: MergeEvent) => void): Promise<MergeDone>;
  /** Hold the merge between work units (fetches in flight finish). */
  pause(): void;
  resume(): void;
  /** Stop the running merge; finished tensors stay journaled, so starting it again resumes. */
  cancel(): void;
  capabilities(): Promise<MergeCapabilities>;
  /** Every job in browser storage, with its finished files. */
  listJobs(): Promise<JobSummary[]>;
  /** A disk-backed File of one finished output (cloning it does not copy the bytes). */
  openOutputFile(jobId: string, name: string): Promise<File>;
  /** Delete a job's folder from browser storage. */
  clearJob(jobId: string): Promise<void>;
}
