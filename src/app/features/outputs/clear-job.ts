/** Delete a finished merge's folder from browser storage (OPFS) and forget it in the studio. */
import { formatBytes } from "../../../core/plan/format-report.ts";
import { useStudio } from "../../state/store.ts";
import { mergeClient } from "../run-panel/merge-session.ts";

/** "1 file", "3 files". */
export const filesLabel = (n: number) => `${n} file${n === 1 ? "" : "s"}`;

/** The studio stops showing `jobId` (when it is the job on screen). */
function forgetOnScreen(jobId: string): void {
  if (useStudio.getState().job.jobId === jobId) useStudio.getState().resetJob();
}

/** Clear `jobId`; resolves to the sentence the studio shows, rejects if the folder is still there. */
export async function clearFinishedJob(jobId: string): Promise<string> {
  const client = mergeClient();
  const job = (await client.listJobs()).find((j) => j.jobId === jobId);
  if (!job) {
    forgetOnScreen(jobId);
    return `merge job ${jobId} was no longer in browser storage.`;
  }
  await client.clearJob(jobId);
  // The worker's delete is best effort; check that the folder is really gone.
  if ((await client.listJobs()).some((j) => j.jobId === jobId)) {
    throw new Error(`merge job ${jobId} is still in browser storage. Another studio tab may be reading its files: close it and clear again.`);
  }
  forgetOnScreen(jobId);
  const bytes = job.files.reduce((n, f) => n + f.size, 0);
  return `deleted merge job ${jobId} (${filesLabel(job.files.length)}, ${formatBytes(bytes)}) from browser storage.`;
}
