/**
 * The merge job as the UI sees it: status, progress figures and a log. Filled by the merge
 * client's events (src/app/clients); the panels only read it.
 */
import type { StateCreator } from "zustand";
import type { StudioState } from "../store.ts";
import type { PlannedRecipe } from "../../queries/plan-recipe.ts";

/** The last pre-flight check: for which recipe text, and its plan or error. */
export interface PreflightState {
  status: "idle" | "checking" | "ready" | "failed";
  /** Recipe text the plan was made from (the panel flags a stale plan). */
  text: string | null;
  planned: PlannedRecipe | null;
  error: string | null;
}

export type JobStatus = "idle" | "running" | "paused" | "done" | "failed" | "cancelled";

/** A merge left unfinished in browser storage by an earlier visit (closed tab, reload, crash). */
export interface UnfinishedJob {
  jobId: string;
  /** The recipe it was started from; null when this browser has no record of it (only Discard then). */
  recipeText: string | null;
  /** Hub origin it read from. */
  hubUrl: string | null;
  /** Finished output files already in storage (whole shards). */
  filesDone: number;
  startedAt: number | null;
}

/** One file of a finished merge. */
export interface JobOutput {
  name: string;
  size: number;
  /** SHA-256 recorded when a weight shard was finalised. */
  sha256?: string;
}

export interface JobSlice {
  job: {
    status: JobStatus;
    jobId: string | null;
    /** What the worker is doing (checking-storage, merging, writing-files...). */
    phase: string | null;
    currentTensor: string | null;
    /** Seconds left at the current rate, null before there is a rate. */
    etaSeconds: number | null;
    bytesDone: number;
    bytesTotal: number;
    tensorsDone: number;
    tensorsTotal: number;
    /** Tensors the journal already held when this run resumed a job (null: a fresh job). */
    resumedFrom: number | null;
    /** Bytes per second, smoothed. */
    rate: number;
    startedAt: number | null;
    log: string[];
    outputs: JobOutput[];
    error: string | null;
  };
  /** Unfinished jobs found in browser storage when the studio opened (the run panel offers them). */
  unfinished: UnfinishedJob[];
  /** Whether browser storage has been looked at for them yet (this visit). */
  unfinishedChecked: boolean;
  setUnfinished(jobs: UnfinishedJob[]): void;
  preflight: PreflightState;
  setPreflight(p: PreflightState): void;
  resetJob(): void;
  updateJob(patch: Partial<JobSlice["job"]>): void;
  logJob(line: string): void;
}

const LOG_LIMIT = 500;

export const initialJob = (): JobSlice["job"] => ({
  status: "idle", jobId: null, phase: null, currentTensor: null, etaSeconds: null, bytesDone: 0, bytesTotal: 0, tensorsDone: 0, tensorsTotal: 0, resumedFrom: null, rate: 0,
  startedAt: null, log: [], outputs: [], error: null,
});

export const createJobSlice: StateCreator<StudioState, [], [], JobSlice> = (set) => ({
  job: initialJob(),
  unfinished: [],
  unfinishedChecked: false,
  setUnfinished: (unfinished) => set({ unfinished, unfinishedChecked: true }),
  preflight: { status: "idle", text: null, planned: null, error: null },
  setPreflight: (preflight) => set({ preflight }),
  resetJob: () => set({ job: initialJob() }),
  updateJob: (patch) => set((s) => ({ job: { ...s.job, ...patch } })),
  logJob: (line) => set((s) => ({ job: { ...s.job, log: [...s.job.log, line].slice(-LOG_LIMIT) } })),
});
