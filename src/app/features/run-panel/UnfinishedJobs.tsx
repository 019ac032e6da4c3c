/** Merges an earlier visit left unfinished in browser storage: resume one, or discard its files. */
import { useState } from "react";
import { useStudio } from "../../state/store.ts";
import { discardUnfinished, resumeUnfinished } from "./merge-session.ts";

/** "ties of testbed/task_a, testbed/task_b" from recipe text (a label only; the merge re-parses it). */
function describeRecipe(text: string): string {
  const method = /^merge_method:\s*(\S+)/m.exec(text)?.[1] ?? "merge";
  const models = [...text.matchAll(/^\s*-\s*model:\s*(\S+)/gm)].map((m) => m[1]);
  return models.length ? `${method} of ${models.join(", ")}` : method;
}

export function UnfinishedJobs() {
  const jobs = useStudio((s) => s.unfinished);
  const busy = useStudio((s) => s.job.status === "running" || s.job.status === "paused");
  const notify = useStudio((s) => s.notify);
  const [working, setWorking] = useState<string | null>(null);
  if (jobs.length === 0) return null;
  const act = (jobId: string, f: (id: string) => Promise<void>) => () => {
    setWorking(jobId);
    void f(jobId).catch((e: Error) => notify("error", e.message)).finally(() => setWorking(null));
  };

  return (
    <section className="unfinished-jobs" data-testid="unfinished-jobs" aria-label="Unfinished merges">
      <p><strong>{jobs.length === 1 ? "An unfinished merge" : `${jobs.length} unfinished merges`}</strong> from an earlier visit {jobs.length === 1 ? "is" : "are"} in browser storage.</p>
      <ul>
        {jobs.map((j) => (
          <li key={j.jobId} data-testid="unfinished-job" data-job-id={j.jobId}>
            <span>{j.recipeText ? describeRecipe(j.recipeText) : <em>recipe not recorded in this browser</em>}</span>{" "}
            <span className="hint">
              {j.jobId}{j.startedAt ? `, started ${new Date(j.startedAt).toLocaleString()}` : ""}{j.filesDone ? `, ${j.filesDone} shard${j.filesDone === 1 ? "" : "s"} finished` : ""}
            </span>
            <div className="row">
              <button type="button" className="primary" disabled={!j.recipeText || busy || working !== null} onClick={act(j.jobId, resumeUnfinished)}
                title={j.recipeText ? "Load its recipe, check it and continue the merge" : "Its recipe is unknown here; discard it"}>Resume</button>
              <button type="button" disabled={busy || working !== null} onClick={act(j.jobId, discardUnfinished)}>Discard</button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
