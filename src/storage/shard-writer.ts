/**
 * Writes one output shard into OPFS under `<name>.partial` with a synchronous access handle:
 * header first (from the planned layout), then each tensor at its planned offset in any order.
 * Only finalize() renames it to its real name, so a half-written shard never looks complete.
 */
import { StorageError } from "./errors.ts";
import { openSyncHandle, renameFile, type SyncAccessHandle } from "./opfs.ts";
import { Sha256 } from "./sha256.ts";
import type { ShardHeader } from "./shard-header.ts";

/** Read size when hashing a finished shard back from disk. */
const HASH_CHUNK = 8 * 1024 * 1024;

/** Suffix of shards still being written. */
export const PARTIAL_SUFFIX = ".partial";

/** An open shard being written; see the file comment. */
export class ShardWriter {
  private constructor(
    private readonly dir: FileSystemDirectoryHandle,
    readonly fileName: string,
    private readonly header: ShardHeader,
    private handle: SyncAccessHandle | null,
  ) {}

  /** Open (or reopen, on resume) `<fileName>.partial` and write the header. */
  static async open(dir: FileSystemDirectoryHandle, fileName: string, header: ShardHeader): Promise<ShardWriter> {
    const handle = await openSyncHandle(dir, fileName + PARTIAL_SUFFIX);
    if (handle.getSize() !== header.fileSize) handle.truncate(header.fileSize);
    handle.write(header.bytes, { at: 0 });
    return new ShardWriter(dir, fileName, header, handle);
  }

  /** Write `bytes` of tensor `name`, starting `byteOffset` bytes into its data (tiles). */
  writeTensor(name: string, bytes: Uint8Array, byteOffset = 0): void {
    const at = this.header.fileOffsets.get(name);
    if (at === undefined) throw new StorageError("WRITE_OUT_OF_RANGE", `Tensor "${name}" is not in the layout of shard ${this.fileName}; the plan and the writer disagree.`);
    const end = at + byteOffset + bytes.length;
    if (end > this.header.fileSize) throw new StorageError("WRITE_OUT_OF_RANGE", `Tensor "${name}" write ends at byte ${end}, past the end of shard ${this.fileName} (${this.header.fileSize}).`);
    const written = this.live().write(bytes, { at: at + byteOffset });
    if (written !== bytes.length) throw new StorageError("WRITE_OUT_OF_RANGE", `Short write of "${name}" to ${this.fileName}: ${written} of ${bytes.length} bytes (disk full?).`);
  }

  /** Read back `length` bytes of tensor `name` from `byteOffset` into it (resume verification). */
  readTensor(name: string, length: number, byteOffset = 0): Uint8Array {
    const at = this.header.fileOffsets.get(name);
    if (at === undefined) throw new StorageError("WRITE_OUT_OF_RANGE", `Tensor "${name}" is not in the layout of shard ${this.fileName}.`);
    const out = new Uint8Array(length);
    this.live().read(out, { at: at + byteOffset });
    return out;
  }

  /** Make written data durable before the journal says it is done. */
  flush(): void {
    this.live().flush();
  }

  /** Flush, hash the whole file, close it and rename it to its final name. Returns the SHA-256. */
  async finalize(): Promise<string> {
    const h = this.live();
    h.flush();
    const sha = new Sha256();
    const buf = new Uint8Array(Math.min(HASH_CHUNK, this.header.fileSize));
    for (let at = 0; at < this.header.fileSize; at += buf.length) {
      const n = h.read(buf, { at });
      sha.update(buf.subarray(0, Math.min(n, this.header.fileSize - at)));
    }
    h.close();
    this.handle = null;
    await renameFile(this.dir, this.fileName + PARTIAL_SUFFIX, this.fileName);
    return sha.hex();
  }

  /** Release the lock without finalising (pause, cancel, error). */
  close(): void {
    this.handle?.close();
    this.handle = null;
  }

  private live(): SyncAccessHandle {
    if (!this.handle) throw new StorageError("WRITE_OUT_OF_RANGE", `Shard ${this.fileName} is already closed.`);
    return this.handle;
  }
}
