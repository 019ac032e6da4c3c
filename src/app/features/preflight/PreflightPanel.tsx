/**
 * What the merge will do, from headers alone: output tensors, shards and size, bytes to fetch,
 * a time estimate, the layer map, and every problem with what to do about it.
 */
import { formatBytes } from "../../../core/plan/format-report.ts";
import { useStudio } from "../../state/store.ts";
import { runPreflight } from "./run-preflight.ts";

const fmtSeconds = (s: number) => (s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);

export function PreflightPanel() {
  const pf = useStudio((s) => s.preflight);
  const stale = useStudio((s) => pf.text !== null && pf.text !== s.recipeText);
  const plan = pf.planned?.plan;
  return (
    <div className="preflight" data-testid="preflight">
      <div className="row">
        <button type="button" className="primary" disabled={pf.status === "checking"} onClick={() => void runPreflight()}>
          {pf.status === "checking" ? "Checking…" : "Check recipe"}
        </button>
        {stale && <span className="hint">The recipe changed since this check.</span>}
      </div>
      {pf.status === "failed" && <p className="error-text" role="alert">{pf.error}</p>}
      {plan && (
        <>
          <p className={plan.report.ok ? "ok-text" : "error-text"} data-testid="preflight-verdict">
            {plan.report.ok ? "Ready to merge." : "Problems block this merge."}
          </p>
          <dl className="model-basics">
            <dt>Method</dt><dd>{plan.method}</dd>
            <dt>Models</dt><dd>{plan.models.map((m) => `${m.repo}${m.commitSha ? `@${m.commitSha.slice(0, 7)}` : ""}`).join(", ")}</dd>
            <dt>Tensors</dt><dd>{plan.totals.tensorCount}</dd>
            <dt>Output</dt><dd>{formatBytes(plan.totals.outputBytes)} in {plan.totals.shardCount} shard{plan.totals.shardCount === 1 ? "" : "s"}</dd>
            <dt>To fetch</dt><dd>{formatBytes(plan.totals.bytesToFetch)}</dd>
            <dt>Estimate</dt><dd>about {fmtSeconds(plan.report.estimate.seconds)} (at {formatBytes(plan.report.estimate.downloadBytesPerSecond)}/s download)</dd>
            <dt>Layers</dt><dd>{plan.report.layerMap.length} output layers</dd>
          </dl>
          {plan.report.problems.length > 0 && (
            <ul className="problems">
              {plan.report.problems.map((p, i) => (
                <li key={i} className={p.severity}><strong>{p.severity}</strong> [{p.code}] {p.message} <em>Fix: {p.fix}</em></li>
              ))}
            </ul>
          )}
          <details>
            <summary>Layer map</summary>
            <ol className="layer-map" start={0}>
              {plan.report.layerMap.map((l) => (
                <li key={l.outputLayer}>{l.sources.map((s) => `${plan.models[s.modelIndex]?.repo ?? "?"}:${s.inputLayer}${s.role === "base" ? " (base)" : ""}`).join(" + ")}</li>
              ))}
            </ol>
          </details>
        </>
      )}
    </div>
  );
}
