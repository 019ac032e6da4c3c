/** Start the merge of the checked plan; progress figures, pause/resume/cancel, log, and resume offers. */
import { useEffect } from "react";
import { formatBytes } from "../../../core/plan/format-report.ts";
import { useStudio } from "../../state/store.ts";
import { cancelMerge, findUnfinishedJobs, pauseMerge, resumeMerge, startMerge } from "./merge-session.ts";
import { UnfinishedJobs } from "./UnfinishedJobs.tsx";

const fmtEta = (s: number | null) => (s === null ? "—" : s < 90 ? `${Math.ceil(s)} s` : `${Math.round(s / 60)} min`);

export function RunPanel() {
  const job = useStudio((s) => s.job);
  const pf = useStudio((s) => s.preflight);
  const stale = useStudio((s) => s.preflight.text !== null && s.preflight.text !== s.recipeText);
  const notify = useStudio((s) => s.notify);
  const checked = useStudio((s) => s.unfinishedChecked);
  const ready = pf.status === "ready" && !!pf.planned?.plan.report.ok && pf.text !== null;
  const active = job.status === "running" || job.status === "paused";
  const fraction = job.tensorsTotal > 0 ? job.tensorsDone / job.tensorsTotal : 0;
  const act = (f: () => Promise<void>) => () => void f().catch((e: Error) => notify("error", e.message));
  // Offer merges an earlier visit left unfinished (reload, closed tab). Storage that cannot be
  // listed only means there is nothing to offer; the merge itself reports storage problems.
  useEffect(() => { void findUnfinishedJobs().catch(() => useStudio.getState().setUnfinished([])); }, []);

  return (
    <div className="run-panel" data-testid="run-panel" data-unfinished-checked={checked}>
      <UnfinishedJobs />
      <div className="row">
        <button type="button" className="primary" disabled={!ready || active || stale} onClick={act(() => startMerge(pf.planned!, pf.text!))}
          title={!ready ? "Check the recipe first (pre-flight)" : stale ? "The recipe changed since the check; check it again" : "Merge in this tab"}>
          {job.status === "cancelled" || job.status === "failed" ? "Resume merge" : "Merge"}
        </button>
        <button type="button" disabled={job.status !== "running"} onClick={act(pauseMerge)}>Pause</button>
        <button type="button" disabled={job.status !== "paused"} onClick={act(resumeMerge)}>Resume</button>
        <button type="button" disabled={!active || job.phase === "cancelling"} onClick={act(cancelMerge)}>Cancel</button>
      </div>
      {!ready && job.status === "idle" && <p className="hint">Run the pre-flight check first; a merge starts only from a plan without errors.</p>}
      {ready && stale && !active && <p className="hint">The recipe changed since the pre-flight check; check it again before merging.</p>}
      {job.status !== "idle" && (
        <>
          <progress max={1} value={fraction} aria-label="Merge progress" data-testid="merge-progress" />
          <p className="run-figures" data-testid="run-status">
            <strong data-testid="run-state">{job.status}</strong>{job.phase && job.phase !== job.status ? ` · ${job.phase}` : ""}
            {job.status === "cancelled" && " · the finished tensors are kept; Resume merge continues from them"}
            {job.resumedFrom !== null && ` · resumed with ${job.resumedFrom} tensors already done`}
          </p>
          <dl className="run-figures model-basics">
            <dt>Tensors</dt><dd data-testid="run-tensors" data-value={job.tensorsDone}>{job.tensorsDone} / {job.tensorsTotal}</dd>
            <dt>Fetched</dt><dd data-testid="run-bytes" data-value={job.bytesDone} title="Input bytes read in this run">{formatBytes(job.bytesDone)} of {formatBytes(job.bytesTotal)}</dd>
            <dt>Rate</dt><dd data-testid="run-rate" data-value={job.rate}>{formatBytes(Math.round(job.rate))}/s</dd>
            <dt>ETA</dt><dd data-testid="run-eta" data-value={job.etaSeconds ?? ""}>{job.status === "running" ? fmtEta(job.etaSeconds) : "—"}</dd>
            {active && <><dt>Now</dt><dd data-testid="run-current"><code>{job.currentTensor ?? "—"}</code></dd></>}
          </dl>
          {job.error && <p className="error-text" role="alert" data-testid="run-error">{job.error}</p>}
          <pre className="run-log" aria-label="Merge log" data-testid="merge-log">{job.log.join("\n")}</pre>
        </>
      )}
    </div>
  );
}
