/** The finished merge's files: download them, write them into a folder, upload to the Hub, or clear them. */
import { useState } from "react";
import { formatBytes } from "../../../core/plan/format-report.ts";
import type { SaveProgress } from "../../clients/merge-client.ts";
import { useStudio } from "../../state/store.ts";
import { mergeClient } from "../run-panel/merge-session.ts";
import { clearFinishedJob } from "./clear-job.ts";
import { StoredMerges } from "./StoredMerges.tsx";

const REPO_RE = /^[\w.-]+\/[\w.-]+$/;

const STEP_LABEL: Record<SaveProgress["step"], string> = {
  downloading: "Downloading", writing: "Writing", hashing: "Hashing", uploading: "Uploading", committing: "Committing",
};

/** "Uploading model.safetensors: 42% (1/6 files)"; never 100% before the step really ends. */
export function describeProgress(p: SaveProgress): string {
  const pct = p.progress >= 1 ? 100 : Math.min(99, Math.floor(p.progress * 100));
  return p.step === "committing"
    ? `Committing ${p.filesTotal} files…`
    : `${STEP_LABEL[p.step]} ${p.file}: ${pct}% (${p.filesDone}/${p.filesTotal} files)`;
}

export function OutputsPanel() {
  return (
    <>
      <CurrentOutputs />
      <StoredMerges />
    </>
  );
}

/** The files of the merge on screen, and what to do with them. */
function CurrentOutputs() {
  const job = useStudio((s) => s.job);
  const token = useStudio((s) => s.token);
  const hubUrl = useStudio((s) => s.hubUrl);
  const notify = useStudio((s) => s.notify);
  const [progress, setProgress] = useState<SaveProgress | null>(null);
  const [repo, setRepo] = useState("");
  const [writeToken, setWriteToken] = useState("");
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState<AbortController | null>(null);
  if (job.status !== "done" || !job.jobId) return <p className="hint">The merged model's files appear here when a merge finishes.</p>;
  const jobId = job.jobId;
  const run = async (label: string, f: () => Promise<unknown>) => {
    setBusy(true);
    try {
      const result = await f();
      notify("info", typeof result === "string" ? `${label}: ${result}` : `${label}: done.`);
    } catch (e) {
      // AbortError: the user closed the folder picker, or cancelled the upload.
      if ((e as Error).name !== "AbortError") notify("error", `${label} failed: ${(e as Error).message}`);
      else if (label === "Upload") notify("info", "Upload cancelled; the merged files stay in browser storage.");
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  const total = job.outputs.reduce((n, f) => n + f.size, 0);
  const canPickFolder = "showDirectoryPicker" in window;

  return (
    <div className="outputs" data-testid="outputs">
      <ul className="output-files">
        {job.outputs.map((f) => <li key={f.name}><code>{f.name}</code> <span className="hint">{formatBytes(f.size)}</span></li>)}
      </ul>
      <p className="hint">{job.outputs.length} files, {formatBytes(total)}, in this browser's storage until you clear them.</p>
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={() => void run("Download", () => mergeClient().downloadAll(jobId, setProgress))}>Download</button>
        <button type="button" disabled={busy || !canPickFolder} title={canPickFolder ? "" : "This browser cannot write folders; use Download."}
          onClick={() => void run("Save to folder", () => mergeClient().saveToFolder(jobId, undefined, setProgress))}>Save to folder…</button>
        <button type="button" disabled={busy} title="Delete these files from browser storage (download or upload them first)"
          onClick={() => void run("Clear", () => clearFinishedJob(jobId))}>Clear from browser</button>
      </div>
      <form className="row upload-form" onSubmit={(e) => {
        e.preventDefault();
        const t = writeToken.trim() || token;
        if (!t) { notify("error", "Uploading needs a Hugging Face token with write access: enter one next to the repo name, or set one in the model picker."); return; }
        const abort = new AbortController();
        setUploading(abort);
        void run("Upload", () => mergeClient().uploadToHub(jobId, { repo, token: t, hubUrl, signal: abort.signal }, setProgress)).finally(() => setUploading(null));
      }}>
        <input value={repo} onChange={(e) => setRepo(e.target.value)} placeholder="your-name/merged-model" aria-label="Upload to repo" />
        <input type="password" autoComplete="off" value={writeToken} onChange={(e) => setWriteToken(e.target.value)}
          placeholder={token ? "write token (default: the token set under Models)" : "hf_… token with write access"} aria-label="Write token" />
        <button type="submit" disabled={busy || !REPO_RE.test(repo)}>Upload to Hub</button>
        {uploading && <button type="button" onClick={() => uploading.abort()}>Cancel upload</button>}
      </form>
      {progress && <p className="hint" role="status" data-testid="save-progress">{describeProgress(progress)}</p>}
    </div>
  );
}
