/**
 * Scratch files of a merge job: inputs of a tensor too big to hold in memory are staged here
 * (worker only: synchronous access handles) and read back tile by tile. They live in their own
 * sub-folder of the job, so output listings never see them, and are disposable: a run deletes
 * each one when its tensor is journaled, and drops the whole folder when it starts (a scratch
 * left by a crash is never trusted).
 */
import { StorageError } from "./errors.ts";
import { openSyncHandle, type SyncAccessHandle } from "./opfs.ts";

/** Sub-folder of a job directory that holds its scratch files. */
export const SCRATCH_DIR = "scratch";

/** Remove every scratch file of a job (at the start of a run). */
export async function clearScratch(jobDir: FileSystemDirectoryHandle): Promise<void> {
  try {
    await jobDir.removeEntry(SCRATCH_DIR, { recursive: true });
  } catch (err) {
    const name = (err as { name?: string })?.name;
    if (name === "NotFoundError") return;
    // A scratch file still open elsewhere holds its lock: the same job is merging in another tab.
    if (name === "NoModificationAllowedError" || name === "InvalidModificationError") {
      throw new StorageError("WRITE_OUT_OF_RANGE", "The scratch files of this merge job are in use (is the same merge running in another tab?). Close the other tab or wait for it, then start again.");
    }
    throw err;
  }
}

/** One open scratch file; see the file comment. */
export class ScratchFile {
  private constructor(
    private readonly folder: FileSystemDirectoryHandle,
    readonly name: string,
    private handle: SyncAccessHandle | null,
  ) {}

  /** Create (or truncate) scratch file `name` of `size` bytes in the job's scratch folder. */
  static async create(jobDir: FileSystemDirectoryHandle, name: string, size: number): Promise<ScratchFile> {
    const folder = await jobDir.getDirectoryHandle(SCRATCH_DIR, { create: true });
    const handle = await openSyncHandle(folder, name);
    handle.truncate(size);
    return new ScratchFile(folder, name, handle);
  }

  /** Write `bytes` at byte `at`. */
  write(bytes: Uint8Array, at: number): void {
    const n = this.live().write(bytes, { at });
    if (n !== bytes.length) throw new StorageError("WRITE_OUT_OF_RANGE", `Short write to scratch file ${this.name}: ${n} of ${bytes.length} bytes at ${at} (disk full?). Free browser storage and resume.`);
  }

  /** Read `length` bytes from byte `at` into a fresh (4-byte aligned) array. */
  read(at: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    const n = this.live().read(out, { at });
    if (n !== length) throw new StorageError("WRITE_OUT_OF_RANGE", `Short read from scratch file ${this.name}: ${n} of ${length} bytes at ${at}; the file was truncated.`);
    return out;
  }

  /** Close the handle (idempotent); the file stays until discard() or the next run. */
  close(): void {
    this.handle?.close();
    this.handle = null;
  }

  /** Close and delete the file. */
  async discard(): Promise<void> {
    this.close();
    await this.folder.removeEntry(this.name).catch(() => undefined);
  }

  private live(): SyncAccessHandle {
    if (!this.handle) throw new StorageError("WRITE_OUT_OF_RANGE", `Scratch file ${this.name} is already closed (the merge was stopped).`);
    return this.handle;
  }
}
