/** The finished merge's files: download them, write them into a folder, or upload to the Hub. */
import { useState } from "react";
import { formatBytes } from "../../../core/plan/format-report.ts";
import type { SaveProgress } from "../../clients/merge-client.ts";
import { useStudio } from "../../state/store.ts";
import { mergeClient } from "../run-panel/merge-session.ts";

const REPO_RE = /^[\w.-]+\/[\w.-]+$/;

export function OutputsPanel() {
  const job = useStudio((s) => s.job);
  const token = useStudio((s) => s.token);
  const hubUrl = useStudio((s) => s.hubUrl);
  const notify = useStudio((s) => s.notify);
  const [progress, setProgress] = useState<SaveProgress | null>(null);
  const [repo, setRepo] = useState("");
  const [busy, setBusy] = useState(false);
  if (job.status !== "done" || !job.jobId) return <p className="hint">The merged model's files appear here when a merge finishes.</p>;
  const jobId = job.jobId;
  const run = async (label: string, f: () => Promise<unknown>) => {
    setBusy(true);
    try {
      const result = await f();
      notify("info", typeof result === "string" ? `${label}: ${result}` : `${label}: done.`);
    } catch (e) {
      if ((e as Error).name !== "AbortError") notify("error", `${label} failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  const total = job.outputs.reduce((n, f) => n + f.size, 0);

  return (
    <div className="outputs" data-testid="outputs">
      <ul className="output-files">
        {job.outputs.map((f) => <li key={f.name}><code>{f.name}</code> <span className="hint">{formatBytes(f.size)}</span></li>)}
      </ul>
      <p className="hint">{job.outputs.length} files, {formatBytes(total)}</p>
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={() => void run("Download", () => mergeClient().downloadAll(jobId, setProgress))}>Download</button>
        <button type="button" disabled={busy || !("showDirectoryPicker" in window)} title={"showDirectoryPicker" in window ? "" : "This browser cannot write folders; use Download."}
          onClick={() => void run("Save to folder", () => mergeClient().saveToFolder(jobId, undefined, setProgress))}>Save to folder…</button>
      </div>
      <form className="row" onSubmit={(e) => {
        e.preventDefault();
        if (!token) { notify("error", "Uploading needs a Hugging Face token with write access: add one in the model picker."); return; }
        void run("Upload", () => mergeClient().uploadToHub(jobId, { repo, token, hubUrl }, setProgress));
      }}>
        <input value={repo} onChange={(e) => setRepo(e.target.value)} placeholder="your-name/merged-model" aria-label="Upload to repo" />
        <button type="submit" disabled={busy || !REPO_RE.test(repo)}>Upload to Hub</button>
      </form>
      {progress && <p className="hint" role="status">{progress.file}: {Math.round(progress.progress * 100)}% ({progress.filesDone}/{progress.filesTotal} files)</p>}
    </div>
  );
}
