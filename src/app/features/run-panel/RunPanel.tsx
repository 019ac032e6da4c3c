/** Start the merge of the checked plan; progress bar, rate, ETA, pause/resume/cancel, log. */
import { formatBytes } from "../../../core/plan/format-report.ts";
import { useStudio } from "../../state/store.ts";
import { cancelMerge, pauseMerge, resumeMerge, startMerge } from "./merge-session.ts";

const fmtEta = (s: number | null) => (s === null ? "—" : s < 90 ? `${Math.ceil(s)} s` : `${Math.round(s / 60)} min`);

export function RunPanel() {
  const job = useStudio((s) => s.job);
  const pf = useStudio((s) => s.preflight);
  const notify = useStudio((s) => s.notify);
  const ready = pf.status === "ready" && !!pf.planned?.plan.report.ok;
  const active = job.status === "running" || job.status === "paused";
  const fraction = job.tensorsTotal > 0 ? job.tensorsDone / job.tensorsTotal : 0;
  const act = (f: () => Promise<void>) => () => void f().catch((e: Error) => notify("error", e.message));

  return (
    <div className="run-panel" data-testid="run-panel">
      <div className="row">
        <button type="button" className="primary" disabled={!ready || active} onClick={act(() => startMerge(pf.planned!))}
          title={ready ? "Merge in this tab" : "Check the recipe first (pre-flight)"}>
          {job.status === "cancelled" || job.status === "failed" ? "Resume merge" : "Merge"}
        </button>
        <button type="button" disabled={job.status !== "running"} onClick={act(pauseMerge)}>Pause</button>
        <button type="button" disabled={job.status !== "paused"} onClick={act(resumeMerge)}>Resume</button>
        <button type="button" disabled={!active} onClick={act(cancelMerge)}>Cancel</button>
      </div>
      {!ready && job.status === "idle" && <p className="hint">Run the pre-flight check first; a merge starts only from a plan without errors.</p>}
      {job.status !== "idle" && (
        <>
          <progress max={1} value={fraction} aria-label="Merge progress" data-testid="merge-progress" />
          <p className="run-figures" data-testid="run-status">
            <strong>{job.status}</strong>{job.phase ? ` · ${job.phase}` : ""} · {job.tensorsDone}/{job.tensorsTotal} tensors ·{" "}
            {formatBytes(job.bytesDone)} of {formatBytes(job.bytesTotal)} · {formatBytes(job.rate)}/s · ETA {fmtEta(job.etaSeconds)}
          </p>
          {job.currentTensor && job.status === "running" && <p className="hint">Now: <code>{job.currentTensor}</code></p>}
          {job.error && <p className="error-text" role="alert">{job.error}</p>}
          <pre className="run-log" aria-label="Merge log" data-testid="merge-log">{job.log.join("\n")}</pre>
        </>
      )}
    </div>
  );
}
