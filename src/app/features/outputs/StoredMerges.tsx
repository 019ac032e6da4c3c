/**
 * Finished merges still in browser storage besides the one on screen (from an earlier visit, or
 * an earlier merge of this one): open one to save it, or clear it. Unfinished jobs are offered
 * by the run panel instead.
 */
import { useEffect, useState } from "react";
import { formatBytes } from "../../../core/plan/format-report.ts";
import type { JobSummary } from "../../../workers/merge.api.ts";
import { useStudio } from "../../state/store.ts";
import { mergeClient } from "../run-panel/merge-session.ts";
import { clearFinishedJob, filesLabel } from "./clear-job.ts";

const sizeOf = (j: JobSummary) => j.files.reduce((n, f) => n + f.size, 0);

export function StoredMerges() {
  const current = useStudio((s) => (s.job.status === "done" ? s.job.jobId : null));
  const status = useStudio((s) => s.job.status);
  const notify = useStudio((s) => s.notify);
  const [jobs, setJobs] = useState<JobSummary[]>([]);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  // List again whenever a merge ends or a job is opened or cleared.
  useEffect(() => {
    let live = true;
    mergeClient().listJobs().then((all) => live && setJobs(all.filter((j) => j.done && j.files.length > 0)), () => live && setJobs([]));
    return () => { live = false; };
  }, [current, status, version]);
  const others = jobs.filter((j) => j.jobId !== current);
  if (others.length === 0) return null;
  const merging = status === "running" || status === "paused";

  const open = (j: JobSummary) => {
    const s = useStudio.getState();
    s.resetJob();
    s.updateJob({ status: "done", phase: "done", jobId: j.jobId, outputs: j.files.map((f) => ({ name: f.name, size: f.size })) });
    s.logJob(`opened finished merge ${j.jobId} from browser storage`);
  };
  const clear = (j: JobSummary) => {
    setBusy(true);
    clearFinishedJob(j.jobId)
      .then((said) => notify("info", `Clear: ${said}`), (e: Error) => notify("error", `Clear failed: ${e.message}`))
      .finally(() => { setBusy(false); setVersion((v) => v + 1); });
  };

  return (
    <section className="stored-merges" data-testid="stored-merges" aria-label="Finished merges in browser storage">
      <p><strong>{others.length === 1 ? "A finished merge" : `${others.length} finished merges`}</strong> {others.length === 1 ? "is" : "are"} in browser storage.</p>
      <ul>
        {others.map((j) => (
          <li key={j.jobId} data-testid="stored-merge" data-job-id={j.jobId}>
            <code>{j.jobId}</code> <span className="hint">{filesLabel(j.files.length)}, {formatBytes(sizeOf(j))}</span>
            <div className="row">
              <button type="button" disabled={busy || merging} onClick={() => open(j)} title="Show its files here to download, save or upload them">Open</button>
              <button type="button" disabled={busy} onClick={() => clear(j)}>Clear</button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
