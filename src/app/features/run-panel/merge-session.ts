/**
 * The running merge, driven through the merge client (the app's only way to the worker): start
 * from a plan, feed worker events into the job slice, pause/resume/cancel, and find and resume
 * merges that an earlier visit left unfinished in browser storage.
 */
import { formatBytes } from "../../../core/plan/format-report.ts";
import { createMergeClient, isMergeWorkerError, type MergeClient } from "../../clients/merge-client.ts";
import type { MergeEvent } from "../../../workers/merge.api.ts";
import type { PlannedRecipe } from "../../queries/plan-recipe.ts";
import { useStudio } from "../../state/store.ts";
import { runPreflight } from "../preflight/run-preflight.ts";
import { forgetJob, jobRecord, rememberJob } from "./job-records.ts";

let client: MergeClient | null = null;

/** The one merge client of this tab (the worker starts on first use). */
export function mergeClient(): MergeClient {
  client ??= createMergeClient();
  return client;
}

/** Recipe and Hub of the merge being started, recorded once the worker names its job id. */
let starting: { recipeText: string; hubUrl: string } | null = null;
/** Set by Cancel: whatever error the stopping merge then throws (an aborted fetch...), it was cancelled. */
let cancelRequested = false;

function onEvent(e: MergeEvent): void {
  const { updateJob, logJob } = useStudio.getState();
  switch (e.type) {
    case "job":
      updateJob({ jobId: e.jobId, tensorsTotal: e.tensorsTotal, bytesTotal: e.bytesToFetch });
      logJob(`job ${e.jobId}: ${e.tensorsTotal} tensors, ${formatBytes(e.bytesToFetch)} to fetch, ${formatBytes(e.outputBytes)} out`);
      if (starting) rememberJob(e.jobId, { ...starting, startedAt: Date.now() });
      // This run takes over an offered unfinished job with the same id.
      useStudio.getState().setUnfinished(useStudio.getState().unfinished.filter((j) => j.jobId !== e.jobId));
      break;
    case "phase":
      updateJob({ phase: e.phase });
      logJob(`phase: ${e.phase}`);
      break;
    case "resumed":
      updateJob({ tensorsDone: e.tensorsDone, resumedFrom: e.tensorsDone });
      logJob(`resumed: ${e.tensorsDone} tensors already done, ${e.tensorsRedone} redone`);
      break;
    case "progress":
      updateJob({ bytesDone: e.bytesFetched, bytesTotal: e.bytesToFetch, tensorsDone: e.tensorsDone, tensorsTotal: e.tensorsTotal, rate: e.rate, etaSeconds: e.etaSeconds, currentTensor: e.currentTensor });
      break;
    case "tensor-start":
      updateJob({ currentTensor: e.name });
      break;
    case "tensor-done":
      updateJob({ tensorsDone: e.tensorsDone, tensorsTotal: e.tensorsTotal });
      break;
    case "shard-done":
      logJob(`shard ${e.file} done (${formatBytes(e.size)}, sha256 ${e.sha256.slice(0, 12)}…)`);
      break;
    case "file-written":
      logJob(`wrote ${e.file} (${e.size} bytes)`);
      break;
    case "warning":
      logJob(`warning [${e.code}]: ${e.message}`);
      break;
    case "done":
      forgetJob(e.jobId);
      updateJob({ status: "done", phase: "done", currentTensor: null, outputs: e.files.map((f) => ({ name: f.name, size: f.size, ...(f.sha256 ? { sha256: f.sha256 } : {}) })), etaSeconds: 0 });
      logJob(`done in ${(e.ms / 1000).toFixed(1)} s: ${e.files.length} files`);
      break;
    default:
      break;
  }
}

/**
 * Start (or resume: the job id comes from plan + recipe, so the worker finds the journal) the
 * merge of a planned recipe; `recipeText` must be the text the plan was made from. Resolves when
 * the merge ends, however it ends.
 */
export async function startMerge(planned: PlannedRecipe, recipeText: string): Promise<void> {
  const s = useStudio.getState();
  if (s.job.status === "running" || s.job.status === "paused") throw new Error("A merge is already running; cancel it first.");
  s.resetJob();
  s.updateJob({ status: "running", startedAt: Date.now() });
  starting = { recipeText, hubUrl: s.hubUrl };
  cancelRequested = false;
  try {
    await mergeClient().start({ plan: planned.plan, sources: planned.sources, recipeText, hubUrl: s.hubUrl, token: s.token }, onEvent);
  } catch (e) {
    const cancelled = cancelRequested || (isMergeWorkerError(e) && e.code === "CANCELLED");
    const message = describeError(e);
    useStudio.getState().updateJob({ status: cancelled ? "cancelled" : "failed", currentTensor: null, etaSeconds: null, error: cancelled ? null : message });
    useStudio.getState().logJob(cancelled ? "cancelled; starting again resumes from the finished tensors" : `failed: ${message}`);
  } finally {
    starting = null;
  }
}

/** The error as the user should read it: the worker's message, with its code for a search. */
function describeError(e: unknown): string {
  if (isMergeWorkerError(e)) return e.code && e.code !== "INTERNAL" ? `${e.message} [${e.code}]` : e.message;
  return e instanceof Error ? e.message : String(e);
}

export async function pauseMerge(): Promise<void> {
  await mergeClient().pause();
  // The merge may have ended while the call crossed to the worker.
  if (useStudio.getState().job.status === "running") useStudio.getState().updateJob({ status: "paused" });
}

export async function resumeMerge(): Promise<void> {
  await mergeClient().resume();
  if (useStudio.getState().job.status === "paused") useStudio.getState().updateJob({ status: "running" });
}

/** Stop the merge; startMerge's rejection handler marks it cancelled once the worker has stopped. */
export async function cancelMerge(): Promise<void> {
  cancelRequested = true;
  useStudio.getState().updateJob({ phase: "cancelling" });
  await mergeClient().cancel();
}

/** Look in browser storage for merges an earlier visit did not finish, and offer them. */
export async function findUnfinishedJobs(): Promise<void> {
  const jobs = await mergeClient().listJobs();
  const s = useStudio.getState();
  const activeId = s.job.status === "running" || s.job.status === "paused" ? s.job.jobId : null;
  s.setUnfinished(jobs.filter((j) => !j.done && j.jobId !== activeId).map((j) => {
    const r = jobRecord(j.jobId);
    return { jobId: j.jobId, recipeText: r?.recipeText ?? null, hubUrl: r?.hubUrl ?? null, startedAt: r?.startedAt ?? null, filesDone: j.files.filter((f) => f.sha256).length };
  }));
}

/** Load the unfinished job's recipe, check it again (fresh plan, same job id) and resume the merge. */
export async function resumeUnfinished(jobId: string): Promise<void> {
  const record = jobRecord(jobId);
  if (!record) throw new Error(`This browser has no recipe recorded for unfinished merge ${jobId}; discard it, or open its recipe and merge it again.`);
  const s = useStudio.getState();
  s.setRecipeText(record.recipeText, "load");
  if (record.hubUrl !== s.hubUrl) s.setHubUrl(record.hubUrl);
  await runPreflight();
  const pf = useStudio.getState().preflight;
  if (pf.status !== "ready" || !pf.planned || !pf.planned.plan.report.ok) {
    throw new Error(`Cannot resume merge ${jobId}: its recipe no longer passes the pre-flight check${pf.error ? `: ${pf.error}` : "; see the pre-flight panel."}`);
  }
  await startMerge(pf.planned, record.recipeText);
  const id = useStudio.getState().job.jobId;
  // The models changed on the Hub since (new commits): the plan differs, so this was a new job.
  if (id && id !== jobId) useStudio.getState().logJob(`note: the recipe now plans a different job (${id}) than the unfinished ${jobId}; discard the old one to free its storage`);
}

/** Delete an unfinished job's files from browser storage and forget it. */
export async function discardUnfinished(jobId: string): Promise<void> {
  await mergeClient().clearJob(jobId);
  // The worker's delete is best effort; a folder still listed was not deleted.
  if ((await mergeClient().listJobs()).some((j) => j.jobId === jobId)) {
    throw new Error(`Unfinished merge ${jobId} is still in browser storage; another studio tab may be using it. Close that tab and discard again.`);
  }
  forgetJob(jobId);
  const s = useStudio.getState();
  s.setUnfinished(s.unfinished.filter((j) => j.jobId !== jobId));
}
