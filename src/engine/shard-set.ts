/**
 * The output shards of one job: their planned layouts, lazily opened writers, how many tensors
 * each still lacks, and finalisation (hash + rename + journal) once a shard is complete.
 */
import type { MergePlan, PlannedTensor } from "../core/plan/types.ts";
import { type Journal } from "../storage/journal.ts";
import { fileExists, renameFile } from "../storage/opfs.ts";
import { buildShardHeader, type ShardHeader } from "../storage/shard-header.ts";
import { PARTIAL_SUFFIX, ShardWriter, type HashCheckpoint } from "../storage/shard-writer.ts";
import { EngineError } from "./errors.ts";

export class ShardSet {
  readonly layouts: ShardHeader[];
  private readonly writers = new Map<number, ShardWriter>();
  private readonly remaining: number[];
  private readonly finished = new Set<number>();

  constructor(private readonly plan: MergePlan, private readonly dir: FileSystemDirectoryHandle, private readonly journal: Journal) {
    const byName = new Map(plan.tensors.map((t) => [t.name, t]));
    this.layouts = plan.shards.map((s) =>
      buildShardHeader(
        s.tensors.map((name) => {
          const t = byName.get(name);
          if (!t) throw new EngineError("PLAN_INVALID", `Shard ${s.fileName} lists tensor "${name}", which the plan does not define.`);
          return { name, dtype: t.dtype, shape: t.shape };
        }),
      ),
    );
    for (const t of plan.tensors) {
      const layout = this.layouts[t.shard];
      if (!layout) throw new EngineError("PLAN_INVALID", `Tensor "${t.name}" is assigned to shard #${t.shard}, but the plan has ${plan.shards.length} shards.`);
      if (layout.dataOffsets.get(t.name) !== t.offset) {
        throw new EngineError("PLAN_INVALID", `Tensor "${t.name}" is planned at offset ${t.offset} of ${plan.shards[t.shard].fileName}, but its layout puts it at ${layout.dataOffsets.get(t.name)}; re-run the planner.`);
      }
    }
    this.remaining = plan.shards.map((s) => s.tensors.length);
  }

  /** Bytes of all shard files. */
  get totalBytes(): number {
    return this.layouts.reduce((s, l) => s + l.fileSize, 0);
  }

  /**
   * Reconcile with the journal: trust finalised shards whose file exists; for an unfinished
   * shard, re-hash its journaled tensors from the file's start against their hash checkpoints
   * and forget every tensor from the first one that does not match (the running hash, and so the
   * shard's SHA-256, only continues past bytes that are verified). Returns the tensors to redo.
   */
  async reconcile(): Promise<string[]> {
    const redo: string[] = [];
    for (const [i, shard] of this.plan.shards.entries()) {
      const final = this.journal.state.shards.get(shard.fileName);
      if (final && (await fileExists(this.dir, shard.fileName))) {
        this.finished.add(i);
        this.remaining[i] = 0;
        for (const name of shard.tensors) this.journal.state.tensors.set(name, { shard: shard.fileName });
        continue;
      }
      // Interrupted between finalize's rename and its journal entry: the complete file carries the
      // bytes the journal vouches for. Put it back under the partial name and verify it like any other.
      if (!final && (await fileExists(this.dir, shard.fileName)) && !(await fileExists(this.dir, shard.fileName + PARTIAL_SUFFIX))) {
        await renameFile(this.dir, shard.fileName, shard.fileName + PARTIAL_SUFFIX);
      }
      const journaled = shard.tensors.filter((name) => this.journal.state.tensors.has(name));
      if (journaled.length === 0) continue;
      // Tensors lie in the file in shard.tensors order; only an unbroken run from the first can be chained.
      const chain: { name: string; cp: HashCheckpoint }[] = [];
      for (const name of shard.tensors) {
        const rec = this.journal.state.tensors.get(name);
        if (rec?.end === undefined || rec.state === undefined) break;
        chain.push({ name, cp: { end: rec.end, state: rec.state } });
      }
      const ok = await (await this.writer(i)).verifyCheckpoints(chain.map((c) => c.cp));
      const verified = new Set(chain.slice(0, ok).map((c) => c.name));
      for (const name of journaled) {
        if (verified.has(name)) this.remaining[i]--;
        else {
          this.journal.forget(name);
          redo.push(name);
        }
      }
    }
    return redo;
  }

  /** The open writer of shard `i` (opened on first use; reopening rewrites the same header). */
  async writer(i: number): Promise<ShardWriter> {
    let w = this.writers.get(i);
    if (!w) {
      w = await ShardWriter.open(this.dir, this.plan.shards[i].fileName, this.layouts[i]);
      this.writers.set(i, w);
    }
    return w;
  }

  /** Record a finished tensor; returns true when its shard is now complete. */
  tensorDone(t: PlannedTensor): boolean {
    const w = this.writers.get(t.shard);
    w?.flush();
    const cp = w?.checkpoint() ?? null;
    this.journal.append({ t: "tensor", name: t.name, shard: this.plan.shards[t.shard].fileName, ...(cp ?? {}) });
    return --this.remaining[t.shard] === 0;
  }

  /** Shards with nothing left to write that are not finalised yet. */
  pendingFinal(): number[] {
    return this.remaining.flatMap((r, i) => (r === 0 && !this.finished.has(i) ? [i] : []));
  }

  /** Hash, rename and journal shard `i`. */
  async finalize(i: number): Promise<{ file: string; sha256: string; size: number }> {
    const w = await this.writer(i);
    const sha256 = await w.finalize();
    this.writers.delete(i);
    this.finished.add(i);
    const file = this.plan.shards[i].fileName;
    const size = this.layouts[i].fileSize;
    this.journal.append({ t: "shard", file, sha256, size });
    return { file, sha256, size };
  }

  /** Release every lock (pause, cancel, error). Partial files stay for the next run. */
  close(): void {
    for (const w of this.writers.values()) w.close();
    this.writers.clear();
  }
}
