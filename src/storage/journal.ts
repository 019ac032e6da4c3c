/**
 * The job journal: an append-only JSON-lines file in the job's OPFS folder recording each
 * finished tensor (with a checkpoint of its shard's running SHA-256 just past it) and each
 * finalised shard. Written only after
 * the data it describes is flushed, so on resume every entry can be trusted once its checksum
 * is re-verified; a torn last line (crash mid-append) is ignored.
 */
import { openSyncHandle, type SyncAccessHandle } from "./opfs.ts";

/** File name of the journal inside a job folder. */
export const JOURNAL_FILE = "journal.jsonl";

/** One journal line. */
export type JournalEntry =
  /** `end`/`state`: the shard's hash checkpoint after this tensor; absent if written out of order. */
  | { t: "tensor"; name: string; shard: string; end?: number; state?: string }
  | { t: "shard"; file: string; sha256: string; size: number }
  | { t: "file"; file: string; size: number }
  | { t: "done" };

/** What a journal says is already finished. */
export interface JournalState {
  tensors: Map<string, { shard: string; end?: number; state?: string }>;
  shards: Map<string, { sha256: string; size: number }>;
  files: Set<string>;
  done: boolean;
}

/** An open journal; one per running job (it holds the file's exclusive lock). */
export class Journal {
  private constructor(private handle: SyncAccessHandle | null, readonly state: JournalState) {}

  /** Open the job's journal, replaying whatever an earlier run recorded. */
  static async open(dir: FileSystemDirectoryHandle): Promise<Journal> {
    const handle = await openSyncHandle(dir, JOURNAL_FILE);
    const size = handle.getSize();
    const buf = new Uint8Array(size);
    handle.read(buf, { at: 0 });
    const state = parseJournal(new TextDecoder().decode(buf));
    // Drop a torn tail so the next append starts on a clean line.
    const text = new TextDecoder().decode(buf);
    const clean = text.lastIndexOf("\n") + 1;
    if (clean !== size) handle.truncate(new TextEncoder().encode(text.slice(0, clean)).length);
    return new Journal(handle, state);
  }

  /** Append one entry and flush it to disk. */
  append(entry: JournalEntry): void {
    const h = this.handle;
    if (!h) throw new Error("Journal is closed.");
    h.write(new TextEncoder().encode(JSON.stringify(entry) + "\n"), { at: h.getSize() });
    h.flush();
    applyEntry(this.state, entry);
  }

  /** Forget a tensor whose bytes failed verification (it is recomputed and re-appended). */
  forget(name: string): void {
    this.state.tensors.delete(name);
  }

  close(): void {
    this.handle?.close();
    this.handle = null;
  }
}

/** Replay journal text; lines that are not complete JSON are skipped. */
export function parseJournal(text: string): JournalState {
  const state: JournalState = { tensors: new Map(), shards: new Map(), files: new Set(), done: false };
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      continue;
    }
    applyEntry(state, entry);
  }
  return state;
}

function applyEntry(state: JournalState, e: JournalEntry): void {
  if (e.t === "tensor") state.tensors.set(e.name, { shard: e.shard, ...(e.end !== undefined && e.state !== undefined ? { end: e.end, state: e.state } : {}) });
  else if (e.t === "shard") state.shards.set(e.file, { sha256: e.sha256, size: e.size });
  else if (e.t === "file") state.files.add(e.file);
  else if (e.t === "done") state.done = true;
}
