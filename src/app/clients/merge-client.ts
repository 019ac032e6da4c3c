/**
 * The app's handle on the merge worker: the only place that creates it. Start/pause/resume/
 * cancel a merge with a progress callback, list and clear jobs, and save a finished output
 * (per-file downloads, a user-picked folder, or a Hub upload) straight from disk-backed OPFS
 * files: no multi-GB Blob is ever assembled in memory.
 */
import * as Comlink from "comlink";
import { createRepo, HubApiError, uploadFilesWithProgress } from "@huggingface/hub";
import type { JobSummary, MergeCapabilities, MergeDone, MergeEvent, MergeWorkerApi, MergeWorkerError, StartMergeOptions } from "../../workers/merge.api.ts";

/** Progress of a save or upload, one file at a time. */
export interface SaveProgress {
  /** What is happening to `file`: an upload hashes each LFS file first, then sends it. */
  step: "downloading" | "writing" | "hashing" | "uploading" | "committing";
  file: string;
  /** 0..1 for this file. */
  progress: number;
  /** Files finished so far. */
  filesDone: number;
  filesTotal: number;
}

/** Where to upload a finished merge. */
export interface UploadOptions {
  /** "org/name" of the model repo (created if missing). */
  repo: string;
  token: string;
  /** Hub origin (default https://huggingface.co). */
  hubUrl?: string;
  private?: boolean;
  commitTitle?: string;
  signal?: AbortSignal;
}

/** The merge client; see the file comment. */
export interface MergeClient {
  start(options: StartMergeOptions, onEvent: (e: MergeEvent) => void): Promise<MergeDone>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  cancel(): Promise<void>;
  capabilities(): Promise<MergeCapabilities>;
  listJobs(): Promise<JobSummary[]>;
  clearJob(jobId: string): Promise<void>;
  /** One finished file as a disk-backed File. */
  openFile(jobId: string, name: string): Promise<File>;
  /** Trigger one browser download per file (the browser streams each from disk). */
  downloadAll(jobId: string, onProgress?: (p: SaveProgress) => void): Promise<void>;
  /** Write every file into a folder (showDirectoryPicker() when `dir` is omitted; Chromium only). */
  saveToFolder(jobId: string, dir?: FileSystemDirectoryHandle, onProgress?: (p: SaveProgress) => void): Promise<void>;
  /** Upload every file to a Hub model repo in one commit. Returns the commit URL. */
  uploadToHub(jobId: string, options: UploadOptions, onProgress?: (p: SaveProgress) => void): Promise<string | null>;
  /** Stop the worker (the running merge stays journaled and resumes on the next start). */
  dispose(): void;
}

/** True when `e` is an error that crossed from the worker (has a code). */
export function isMergeWorkerError(e: unknown): e is MergeWorkerError {
  return !!e && typeof e === "object" && typeof (e as MergeWorkerError).code === "string" && typeof (e as MergeWorkerError).message === "string";
}

/** Pause between per-file downloads. */
const DOWNLOAD_SPACING_MS = 250;

/** A Hub refusal as the user should read it: who refused what, and what to do. */
function explainUploadError(err: unknown, hub: string, repo: string): unknown {
  if (!(err instanceof HubApiError)) return err;
  // The library appends "URL: …" to the Hub's message; the sentence below says where already.
  const said = err.message.replace(/\.?\s*URL: .*$/s, "");
  const keep = "The merged files stay in browser storage; try again.";
  if (err.statusCode === 401) return new Error(`The Hub (${hub}) rejected the token (401: ${said}). Use a token with write access, from ${hub}/settings/tokens. ${keep}`);
  if (err.statusCode === 403) return new Error(`The Hub (${hub}) does not let this token write to ${repo} (403: ${said}). Use a token with write access to that namespace. ${keep}`);
  return new Error(`Upload to ${repo} on ${hub} failed (${err.statusCode}: ${said}). ${keep}`);
}

/** Create the worker and its client. */
export function createMergeClient(): MergeClient {
  const worker = new Worker(new URL("../../workers/merge.worker.ts", import.meta.url), { type: "module" });
  const remote = Comlink.wrap<MergeWorkerApi>(worker);

  const files = async (jobId: string): Promise<string[]> => {
    const job = (await remote.listJobs()).find((j) => j.jobId === jobId);
    if (!job) throw { name: "StorageError", code: "OUTPUT_MISSING", message: `No merge job "${jobId}" in browser storage.` } satisfies MergeWorkerError;
    if (!job.done) throw { name: "StorageError", code: "OUTPUT_INCOMPLETE", message: `Merge job "${jobId}" has not finished; resume it before saving.` } satisfies MergeWorkerError;
    return job.files.map((f) => f.name);
  };

  const client: MergeClient = {
    start: (options, onEvent) => remote.start(options, Comlink.proxy(onEvent)),
    pause: () => remote.pause(),
    resume: () => remote.resume(),
    cancel: () => remote.cancel(),
    capabilities: () => remote.capabilities(),
    listJobs: () => remote.listJobs(),
    clearJob: (jobId) => remote.clearJob(jobId),
    openFile: (jobId, name) => remote.openOutputFile(jobId, name),

    async downloadAll(jobId, onProgress) {
      const names = await files(jobId);
      for (const [i, name] of names.entries()) {
        const file = await remote.openOutputFile(jobId, name);
        const url = URL.createObjectURL(file);
        const a = Object.assign(document.createElement("a"), { href: url, download: name });
        a.click();
        // Give the download a moment to take the URL before revoking it.
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        onProgress?.({ step: "downloading", file: name, progress: 1, filesDone: i + 1, filesTotal: names.length });
        // Browsers drop some of many downloads started in the same instant.
        if (i + 1 < names.length) await new Promise((r) => setTimeout(r, DOWNLOAD_SPACING_MS));
      }
    },

    async saveToFolder(jobId, dir, onProgress) {
      const picker = (window as Window & { showDirectoryPicker?: (o?: { mode?: string }) => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker;
      const target = dir ?? (picker ? await picker({ mode: "readwrite" }) : null);
      if (!target) throw { name: "SaveError", code: "NO_DIRECTORY_PICKER", message: "This browser cannot write into a folder (no File System Access API); use Download instead." } satisfies MergeWorkerError;
      const names = await files(jobId);
      for (const [i, name] of names.entries()) {
        const file = await remote.openOutputFile(jobId, name);
        const out = await (await target.getFileHandle(name, { create: true })).createWritable();
        let written = 0;
        const counter = new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, ctl) {
            written += chunk.length;
            onProgress?.({ step: "writing", file: name, progress: file.size ? written / file.size : 1, filesDone: i, filesTotal: names.length });
            ctl.enqueue(chunk);
          },
        });
        await file.stream().pipeThrough(counter).pipeTo(out);
        onProgress?.({ step: "writing", file: name, progress: 1, filesDone: i + 1, filesTotal: names.length });
      }
    },

    async uploadToHub(jobId, options, onProgress) {
      const names = await files(jobId);
      // Disk-backed Files: hashed in chunks, and sent as the request body straight from disk.
      const blobs = await Promise.all(names.map(async (path) => ({ path, content: await remote.openOutputFile(jobId, path) })));
      const credentials = { accessToken: options.token };
      const hub = options.hubUrl ?? "https://huggingface.co";
      try {
        await createRepo({ repo: { type: "model", name: options.repo }, private: options.private ?? false, hubUrl: options.hubUrl, ...credentials }).catch((err: unknown) => {
          // 409: the repo exists already; upload into it.
          if (!(err instanceof HubApiError && err.statusCode === 409)) throw err;
        });
        const iter = uploadFilesWithProgress({
          repo: { type: "model", name: options.repo },
          files: blobs,
          commitTitle: options.commitTitle ?? "Upload merged model (Merge Studio)",
          hubUrl: options.hubUrl,
          abortSignal: options.signal,
          // Plain LFS (single or multipart PUTs): the path tested against the local Hub. The Hub
          // still takes it for Xet-backed repos (https://huggingface.co/docs/hub/xet/legacy-git-lfs).
          useXet: false,
          ...credentials,
        });
        const done = new Set<string>();
        let last: SaveProgress | null = null;
        // Small files travel inside the commit request; their progress is the commit's.
        let committing = false;
        for (;;) {
          const r = await iter.next();
          if (r.done) return r.value?.commit.url ?? null;
          const e = r.value;
          if (e.event === "fileProgress" && e.state !== "error") {
            if (e.progress >= 1 && e.state === "uploading") done.add(e.path);
            const p: SaveProgress = { step: committing ? "committing" : e.state, file: e.path, progress: e.progress, filesDone: done.size, filesTotal: names.length };
            last = p;
            onProgress?.(p);
          } else if (e.event === "phase" && e.phase === "committing") {
            committing = true;
            onProgress?.({ step: "committing", file: last?.file ?? names[0], progress: 1, filesDone: done.size, filesTotal: names.length });
          }
        }
      } catch (err) {
        throw explainUploadError(err, hub, options.repo);
      }
    },

    dispose() {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
  return client;
}
