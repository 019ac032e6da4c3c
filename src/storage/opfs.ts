/**
 * OPFS access shared by the storage layer: the jobs root, per-job folders and the synchronous
 * access handle (typed here because TypeScript's DOM lib lacks the worker-only parts).
 */
import { StorageError } from "./errors.ts";

/** FileSystemSyncAccessHandle (dedicated workers only; not in TypeScript's DOM lib). */
export interface SyncAccessHandle {
  read(buffer: ArrayBufferView, options?: { at?: number }): number;
  write(buffer: ArrayBufferView, options?: { at?: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}

interface WorkerFileHandle extends FileSystemFileHandle {
  createSyncAccessHandle?: () => Promise<SyncAccessHandle>;
  move?: (newName: string) => Promise<void>;
}

/** Folder under the OPFS root that holds one sub-folder per merge job. */
export const JOBS_DIR = "merges";

/** The OPFS root, or a clear error where the browser has none. */
export async function opfsRoot(): Promise<FileSystemDirectoryHandle> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.getDirectory) {
    throw new StorageError("OPFS_UNAVAILABLE", "This browser has no Origin Private File System (navigator.storage.getDirectory). Use a recent Chrome, Edge, Firefox or Safari, outside private browsing.");
  }
  return storage.getDirectory();
}

/** The folder of one job, created when asked. */
export async function jobDir(jobId: string, create = true): Promise<FileSystemDirectoryHandle> {
  const jobs = await (await opfsRoot()).getDirectoryHandle(JOBS_DIR, { create: true });
  return jobs.getDirectoryHandle(jobId, { create });
}

/** Open a synchronous access handle (exclusive lock) on a file, creating it if needed. */
export async function openSyncHandle(dir: FileSystemDirectoryHandle, name: string): Promise<SyncAccessHandle> {
  const file = (await dir.getFileHandle(name, { create: true })) as WorkerFileHandle;
  if (!file.createSyncAccessHandle) {
    throw new StorageError("SYNC_HANDLE_UNAVAILABLE", "Synchronous OPFS access handles exist only in dedicated workers; run the merge engine inside the merge worker.");
  }
  return file.createSyncAccessHandle();
}

/** Rename a file inside `dir`, replacing any file already named `to`. */
export async function renameFile(dir: FileSystemDirectoryHandle, from: string, to: string): Promise<void> {
  await dir.removeEntry(to).catch(() => undefined);
  const handle = (await dir.getFileHandle(from)) as WorkerFileHandle;
  if (!handle.move) throw new StorageError("OPFS_UNAVAILABLE", "This browser cannot rename OPFS files (FileSystemHandle.move); update it to a current version.");
  await handle.move(to);
}

/** Whether `name` exists as a file in `dir`. */
export async function fileExists(dir: FileSystemDirectoryHandle, name: string): Promise<boolean> {
  try {
    await dir.getFileHandle(name);
    return true;
  } catch {
    return false;
  }
}
