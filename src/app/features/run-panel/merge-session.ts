/**
 * The running merge, driven through the merge client (the app's only way to the worker): start
 * from a plan, feed worker events into the job slice, pause/resume/cancel.
 */
import { createMergeClient, isMergeWorkerError, type MergeClient } from "../../clients/merge-client.ts";
import type { MergeEvent } from "../../../workers/merge.api.ts";
import type { PlannedRecipe } from "../../queries/plan-recipe.ts";
import { useStudio } from "../../state/store.ts";

let client: MergeClient | null = null;

/** The one merge client of this tab (the worker starts on first use). */
export function mergeClient(): MergeClient {
  client ??= createMergeClient();
  return client;
}

const fmtMB = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

function onEvent(e: MergeEvent): void {
  const { updateJob, logJob } = useStudio.getState();
  switch (e.type) {
    case "job":
      updateJob({ jobId: e.jobId, tensorsTotal: e.tensorsTotal, bytesTotal: e.bytesToFetch });
      logJob(`job ${e.jobId}: ${e.tensorsTotal} tensors, ${fmtMB(e.bytesToFetch)} to fetch, ${fmtMB(e.outputBytes)} out`);
      break;
    case "phase":
      updateJob({ phase: e.phase });
      logJob(`phase: ${e.phase}`);
      break;
    case "resumed":
      logJob(`resumed: ${e.tensorsDone} tensors already done, ${e.tensorsRedone} redone`);
      break;
    case "progress":
      updateJob({ bytesDone: e.bytesFetched, bytesTotal: e.bytesToFetch, tensorsDone: e.tensorsDone, tensorsTotal: e.tensorsTotal, rate: e.rate, etaSeconds: e.etaSeconds, currentTensor: e.currentTensor });
      break;
    case "tensor-done":
      updateJob({ tensorsDone: e.tensorsDone, tensorsTotal: e.tensorsTotal });
      break;
    case "shard-done":
      logJob(`shard ${e.file} done (${fmtMB(e.size)}, sha256 ${e.sha256.slice(0, 12)}…)`);
      break;
    case "file-written":
      logJob(`wrote ${e.file} (${e.size} bytes)`);
      break;
    case "warning":
      logJob(`warning [${e.code}]: ${e.message}`);
      break;
    case "done":
      updateJob({ status: "done", phase: "done", outputs: e.files.map((f) => ({ name: f.name, size: f.size })), etaSeconds: 0 });
      logJob(`done in ${(e.ms / 1000).toFixed(1)} s: ${e.files.length} files`);
      break;
    default:
      break;
  }
}

/** Start (or resume) the merge of a planned recipe. Resolves when it ends, however it ends. */
export async function startMerge(planned: PlannedRecipe): Promise<void> {
  const s = useStudio.getState();
  if (s.job.status === "running" || s.job.status === "paused") throw new Error("A merge is already running; cancel it first.");
  s.resetJob();
  s.updateJob({ status: "running", startedAt: Date.now() });
  try {
    await mergeClient().start({ plan: planned.plan, sources: planned.sources, recipeText: s.recipeText, hubUrl: s.hubUrl, token: s.token }, onEvent);
  } catch (e) {
    const cancelled = isMergeWorkerError(e) && /cancel|abort/i.test(e.code + e.name);
    const message = e instanceof Error || isMergeWorkerError(e) ? e.message : String(e);
    useStudio.getState().updateJob({ status: cancelled ? "cancelled" : "failed", error: cancelled ? null : message });
    useStudio.getState().logJob(cancelled ? "cancelled; starting again resumes from the finished tensors" : `failed: ${message}`);
  }
}

export async function pauseMerge(): Promise<void> {
  await mergeClient().pause();
  useStudio.getState().updateJob({ status: "paused" });
}

export async function resumeMerge(): Promise<void> {
  await mergeClient().resume();
  useStudio.getState().updateJob({ status: "running" });
}

export async function cancelMerge(): Promise<void> {
  await mergeClient().cancel();
  useStudio.getState().updateJob({ status: "cancelled" });
}
