/**
 * Writes one output shard into OPFS under `<name>.partial` with a synchronous access handle:
 * header first (from the planned layout), then each tensor at its planned offset in any order.
 * Only finalize() renames it to its real name, so a half-written shard never looks complete.
 * Bytes written in file order (the planner's order) are hashed as they are written, so finishing
 * a shard does not read it back; checkpoints of that running hash go into the job journal and
 * let a resumed run verify what is on disk and continue the hash. Out-of-order writes still
 * work: the shard is then hashed by reading it back.
 */
import { StorageError } from "./errors.ts";
import { openSyncHandle, renameFile, type SyncAccessHandle } from "./opfs.ts";
import { Sha256 } from "./sha256.ts";
import type { ShardHeader } from "./shard-header.ts";

/** Read size when hashing a finished shard back from disk. */
const HASH_CHUNK = 8 * 1024 * 1024;

/** Suffix of shards still being written. */
export const PARTIAL_SUFFIX = ".partial";

/** The running hash of a shard's first `end` bytes (see Sha256.save). */
export interface HashCheckpoint {
  end: number;
  state: string;
}

/** An open shard being written; see the file comment. */
export class ShardWriter {
  /** File offset up to which `sha` has seen every byte, in order; -1 once writes left order. */
  private hashedTo: number;

  private constructor(
    private readonly dir: FileSystemDirectoryHandle,
    readonly fileName: string,
    private readonly header: ShardHeader,
    private handle: SyncAccessHandle | null,
    private sha: Sha256,
  ) {
    sha.update(header.bytes);
    this.hashedTo = header.bytes.length;
  }

  /** Open (or reopen, on resume) `<fileName>.partial` and write the header. */
  static async open(dir: FileSystemDirectoryHandle, fileName: string, header: ShardHeader): Promise<ShardWriter> {
    const handle = await openSyncHandle(dir, fileName + PARTIAL_SUFFIX);
    if (handle.getSize() !== header.fileSize) handle.truncate(header.fileSize);
    handle.write(header.bytes, { at: 0 });
    return new ShardWriter(dir, fileName, header, handle, await Sha256.create());
  }

  /** The running hash after the bytes written so far, or null if writes left file order. */
  checkpoint(): HashCheckpoint | null {
    return this.hashedTo < 0 ? null : { end: this.hashedTo, state: this.sha.save() };
  }

  /**
   * Resume: re-hash the file from its start and check it against `checkpoints` (ascending `end`,
   * from the journal). Returns how many leading checkpoints the bytes on disk match; the running
   * hash continues from the last of them, so later writes need not re-read anything.
   */
  async verifyCheckpoints(checkpoints: readonly HashCheckpoint[]): Promise<number> {
    const h = this.live();
    const sha = await Sha256.create();
    const buf = new Uint8Array(Math.min(HASH_CHUNK, this.header.fileSize));
    let at = 0;
    let matched = 0;
    for (const cp of checkpoints) {
      if (cp.end < at || cp.end > this.header.fileSize) break;
      while (at < cp.end) {
        const n = h.read(buf.subarray(0, Math.min(buf.length, cp.end - at)), { at });
        if (n <= 0) break;
        sha.update(buf.subarray(0, n));
        at += n;
      }
      if (at !== cp.end) break;
      // Compare digests, not raw states: a state's unused buffer bytes depend on how input was chunked.
      // A damaged state vouches for nothing: that tensor and the rest are redone.
      const saved = await Sha256.create(cp.state).catch(() => null);
      if (!saved || (await Sha256.create(sha.save())).hex() !== saved.hex()) break;
      matched++;
    }
    if (matched > 0) {
      const last = checkpoints[matched - 1];
      this.sha = await Sha256.create(last.state);
      this.hashedTo = last.end;
    }
    return matched;
  }

  /** Write `bytes` of tensor `name`, starting `byteOffset` bytes into its data (tiles). */
  writeTensor(name: string, bytes: Uint8Array, byteOffset = 0): void {
    const at = this.header.fileOffsets.get(name);
    if (at === undefined) throw new StorageError("WRITE_OUT_OF_RANGE", `Tensor "${name}" is not in the layout of shard ${this.fileName}; the plan and the writer disagree.`);
    const end = at + byteOffset + bytes.length;
    if (end > this.header.fileSize) throw new StorageError("WRITE_OUT_OF_RANGE", `Tensor "${name}" write ends at byte ${end}, past the end of shard ${this.fileName} (${this.header.fileSize}).`);
    const written = this.live().write(bytes, { at: at + byteOffset });
    if (written !== bytes.length) throw new StorageError("WRITE_OUT_OF_RANGE", `Short write of "${name}" to ${this.fileName}: ${written} of ${bytes.length} bytes (disk full?).`);
    if (this.hashedTo === at + byteOffset) {
      this.sha.update(bytes);
      this.hashedTo = end;
    } else this.hashedTo = -1;
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

  /** Flush, hash the file (unless hashed while written), close it and rename it. Returns the SHA-256. */
  async finalize(): Promise<string> {
    const h = this.live();
    h.flush();
    let digest: string;
    if (this.hashedTo === this.header.fileSize) digest = this.sha.hex();
    else {
      const sha = await Sha256.create();
      const buf = new Uint8Array(Math.min(HASH_CHUNK, this.header.fileSize));
      for (let at = 0; at < this.header.fileSize; at += buf.length) {
        const n = h.read(buf, { at });
        sha.update(buf.subarray(0, Math.min(n, this.header.fileSize - at)));
      }
      digest = sha.hex();
    }
    h.close();
    this.handle = null;
    await renameFile(this.dir, this.fileName + PARTIAL_SUFFIX, this.fileName);
    return digest;
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
