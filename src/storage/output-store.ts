/**
 * Finished outputs in OPFS: list jobs and their files, open a file for reading (disk-backed
 * File, never copied into memory), write the small non-weight files, and clear jobs.
 */
import { StorageError } from "./errors.ts";
import { JOURNAL_FILE, parseJournal } from "./journal.ts";
import { JOBS_DIR, jobDir, opfsRoot } from "./opfs.ts";
import { PARTIAL_SUFFIX } from "./shard-writer.ts";

/** Job bookkeeping files that are not part of the model folder. */
const INTERNAL_FILES = new Set([JOURNAL_FILE, "job.json"]);

/** One file of a finished output folder. */
export interface OutputFile {
  name: string;
  size: number;
  /** SHA-256 recorded when the shard was finalised (weights only). */
  sha256?: string;
}

/** Summary of one job folder. */
export interface JobSummary {
  jobId: string;
  done: boolean;
  files: OutputFile[];
}

/** Ids of every job folder in OPFS. */
export async function listJobIds(): Promise<string[]> {
  const jobs = await (await opfsRoot()).getDirectoryHandle(JOBS_DIR, { create: true });
  const ids: string[] = [];
  for await (const [name, handle] of jobs as unknown as AsyncIterable<[string, FileSystemHandle]>) {
    if (handle.kind === "directory") ids.push(name);
  }
  return ids.sort();
}

/** The output files of a job (partial shards and bookkeeping excluded) and whether it finished. */
export async function describeJob(jobId: string): Promise<JobSummary> {
  const dir = await openExistingJob(jobId);
  const journal = parseJournal(await (await readFile(dir, JOURNAL_FILE))?.text() ?? "");
  const files: OutputFile[] = [];
  for await (const [name, handle] of dir as unknown as AsyncIterable<[string, FileSystemHandle]>) {
    if (handle.kind !== "file" || INTERNAL_FILES.has(name) || name.endsWith(PARTIAL_SUFFIX)) continue;
    const file = await (handle as FileSystemFileHandle).getFile();
    const sha = journal.shards.get(name)?.sha256;
    files.push({ name, size: file.size, ...(sha ? { sha256: sha } : {}) });
  }
  files.sort((a, b) => a.name.localeCompare(b.name));
  return { jobId, done: journal.done, files };
}

/** A disk-backed File of one finished output (streams without loading into memory). */
export async function openOutputFile(jobId: string, name: string): Promise<File> {
  const file = await readFile(await openExistingJob(jobId), name);
  if (!file || name.endsWith(PARTIAL_SUFFIX) || INTERNAL_FILES.has(name)) {
    throw new StorageError("OUTPUT_MISSING", `Merge job ${jobId} has no finished file "${name}".`);
  }
  return file;
}

/** Write a small file (config, card, index) in one go, replacing any previous content. */
export async function writeSmallFile(dir: FileSystemDirectoryHandle, name: string, data: Uint8Array | string): Promise<number> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const handle = await dir.getFileHandle(name, { create: true });
  const w = await handle.createWritable();
  await w.write(bytes as Uint8Array<ArrayBuffer>);
  await w.close();
  return bytes.length;
}

/** Delete a job folder and everything in it. */
export async function clearJob(jobId: string): Promise<void> {
  const jobs = await (await opfsRoot()).getDirectoryHandle(JOBS_DIR, { create: true });
  await jobs.removeEntry(jobId, { recursive: true }).catch(() => undefined);
}

async function openExistingJob(jobId: string): Promise<FileSystemDirectoryHandle> {
  try {
    return await jobDir(jobId, false);
  } catch {
    throw new StorageError("OUTPUT_MISSING", `No merge job "${jobId}" in browser storage; it may have been cleared.`);
  }
}

async function readFile(dir: FileSystemDirectoryHandle, name: string): Promise<File | null> {
  try {
    return await (await dir.getFileHandle(name)).getFile();
  } catch {
    return null;
  }
}
