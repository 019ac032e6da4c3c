/**
 * Runs a MergePlan inside the merge worker: fetch byte ranges (bounded prefetch), merge each
 * tensor with the injected merger (the GPU kernels), write it at its planned offset in an OPFS
 * shard, journal it, and finally write the small files of the output folder. Resumable: a run
 * with the same plan and recipe picks up the job's journal and skips finished tensors.
 */
import type { MergePlan } from "../core/plan/types.ts";
import { checkQuota } from "../storage/quota.ts";
import { Journal } from "../storage/journal.ts";
import { jobDir } from "../storage/opfs.ts";
import { describeJob } from "../storage/output-store.ts";
import { fetchRemappedUnit, remapsEmbedding } from "./embedding-remap.ts";
import { EngineError } from "./errors.ts";
import { fetchUnit, type UnitInputs } from "./fetch-unit.ts";
import { gateSources } from "./gated-sources.ts";
import { gpuTileBudget, isSpilled, scratchReserve, SpillArea, spillOutput, type SpilledInputs } from "./spill.ts";
import { jobIdFor } from "./job-id.ts";
import { Prefetcher } from "./pipeline.ts";
import { ShardSet } from "./shard-set.ts";
import { writeOutputFiles } from "./write-output-files.ts";
import type { EngineDeps, MergeEvent, MergeRequest, MergeStageTimes } from "./types.ts";
import { planWorkUnits, type WorkUnit } from "./work-units.ts";

// Input + output bytes in memory at once. 256 MiB keeps a 2 GB-per-model merge under 1.5 GB of
// tab + GPU process (measured: 1.38 GB; 512 MiB gave 1.62 GB) and still reads seconds ahead.
const DEFAULT_BUDGET = 256 * 1024 * 1024;

/** Execute `plan`, yielding progress events; see the file comment. */
export async function* runMergeIter(plan: MergePlan, deps: EngineDeps): AsyncGenerator<MergeEvent, void> {
  const t0 = performance.now();
  const signal = deps.signal;
  const check = async (): Promise<void> => {
    signal?.throwIfAborted();
    if (deps.gate) await deps.gate();
    signal?.throwIfAborted();
  };
  if (!plan.report.ok) {
    const first = plan.report.problems.find((p) => p.severity === "error");
    throw new EngineError("PLAN_INVALID", `The plan has blocking problems; fix them before merging${first ? `: ${first.message}` : "."}`);
  }
  const jobId = deps.jobId ?? (await jobIdFor(plan, deps.recipeText));
  yield { type: "job", jobId, tensorsTotal: plan.tensors.length, bytesToFetch: plan.totals.bytesToFetch, outputBytes: plan.totals.outputBytes };

  yield { type: "phase", phase: "checking-storage" };
  const dir = await jobDir(jobId);
  // Scratch of tensors spilled to disk; an earlier run's leftovers are dropped here.
  const spill = await SpillArea.open(dir);
  const journal = await Journal.open(dir);
  let shards: ShardSet | null = null;
  try {
    shards = new ShardSet(plan, dir, journal);
    const copyBytes = plan.copies.reduce((s, c) => s + c.size, 0);
    const written = plan.tensors.reduce((s, t) => s + (journal.state.tensors.has(t.name) ? t.byteSize : 0), 0);
    // Before any byte is fetched: refuse now rather than fail with a full disk hours later.
    const scratch = scratchReserve(plan.tensors, deps.memoryBudgetBytes ?? DEFAULT_BUDGET, (t) => remapsEmbedding(plan, t));
    await checkQuota(shards.totalBytes + copyBytes + scratch + 64 * 1024, written);

    if (journal.state.tensors.size > 0 || journal.state.shards.size > 0) {
      yield { type: "phase", phase: "resuming" };
      const redo = await shards.reconcile();
      for (const name of redo) yield { type: "warning", code: "tensor-redone", message: `Tensor "${name}" did not match its journal checksum and is merged again.`, tensor: name };
      yield { type: "resumed", tensorsDone: journal.state.tensors.size, tensorsRedone: redo.length, shardsDone: journal.state.shards.size };
    }

    yield { type: "phase", phase: "merging" };
    const budget = deps.memoryBudgetBytes ?? DEFAULT_BUDGET;
    const units = planWorkUnits(plan.tensors, (n) => journal.state.tensors.has(n), Math.floor(budget / 4), (t) => remapsEmbedding(plan, t), budget);
    const big = units.filter((u) => u.memBytes > budget);
    for (const u of big) {
      yield { type: "warning", code: "over-memory-budget", message: `Tensor "${u.tensor.name}" needs ${u.memBytes} bytes at once (method ${u.tensor.method} cannot be cut into rows), over the ${budget}-byte budget.`, tensor: u.tensor.name };
    }
    const bytesToFetch = units.reduce((s, u) => s + u.inBytes, 0);
    let bytesFetched = 0;
    let tensorsDone = journal.state.tensors.size;
    const concurrency = deps.fetchConcurrency ?? 6;
    // Paused: reads on the wire finish, no new request starts (see gated-sources.ts).
    const sources = gateSources(deps.sources, concurrency, check);
    const prefetch = new Prefetcher<UnitInputs | SpilledInputs>(units, async (u) => {
      await check();
      // Embeddings of a merged tokenizer are rebuilt on the output vocabulary before merging.
      const r = u.spill ? await spill.stage(u, sources, signal) : remapsEmbedding(plan, u.tensor) ? await fetchRemappedUnit(u, sources, plan) : await fetchUnit(u, sources);
      bytesFetched += r.bytesRead;
      return r;
    }, budget, concurrency);
    const interval = deps.progressIntervalMs ?? 250;
    let lastProgress = 0;
    let tensorT0 = 0;
    // Where the merge loop's time goes (fetches overlap it, so "waiting" is time not hidden).
    const stages: MergeStageTimes = { waitMs: 0, mergeMs: 0, writeMs: 0 };
    const timed = async <T>(key: keyof typeof stages, work: () => Promise<T> | T): Promise<T> => {
      const s0 = performance.now();
      try {
        return await work();
      } finally {
        stages[key] += performance.now() - s0;
      }
    };
    const tMerge = performance.now();
    const requestFor = (u: WorkUnit, inputs: UnitInputs | SpilledInputs): MergeRequest => {
      const t = u.tensor;
      return { method: t.method, shape: u.shape, models: inputs.models, base: inputs.base, global: t.global, perModel: t.perModel, seed: t.seed, tensorName: t.name, outDtype: outDtypeOf(t.dtype, t.name), tileBudgetBytes: gpuTileBudget(u, budget) };
    };
    // The next unit's merge, started while this one's output is written, so the GPU is not idle
    // during writes and read-backs. Spilled units write while merging, so they never overlap.
    type Ahead = { i: number; result: Promise<{ inputs: UnitInputs; out: Uint8Array; inputAt: number }> };
    let ahead: Ahead | null = null;
    const startAhead = (i: number): void => {
      const result = (async () => {
        const inputs = (await prefetch.take(i)) as UnitInputs;
        const inputAt = performance.now();
        return { inputs, out: await deps.mergeTensor(requestFor(units[i], inputs)), inputAt };
      })();
      // Awaited by the next iteration; this keeps a failure after a cancel from going unhandled.
      result.catch(() => undefined);
      ahead = { i, result };
    };

    for (let i = 0; i < units.length; i++) {
      const u = units[i];
      const t = u.tensor;
      await check();
      if (u.rowStart === 0) {
        tensorT0 = performance.now();
        yield { type: "tensor-start", name: t.name, index: u.tensorIndex };
      }
      const writer = await shards.writer(t.shard);
      let inputs: UnitInputs | SpilledInputs;
      let out: Uint8Array;
      let streamed: ReturnType<typeof spillOutput> | null = null;
      // (Assigned in startAhead's closure, so TS would narrow `ahead` to null here without the cast.)
      const started = ahead as Ahead | null;
      ahead = null;
      if (started && started.i === i) {
        const s0 = performance.now();
        const r = await started.result;
        const s1 = performance.now();
        const inputWait = Math.max(0, Math.min(r.inputAt, s1) - s0);
        stages.waitMs += inputWait;
        stages.mergeMs += s1 - s0 - inputWait;
        ({ inputs, out } = r);
      } else {
        inputs = await timed("waitMs", () => prefetch.take(i));
        await check();
        // A spilled tensor's output tiles go straight into the shard as the GPU produces them.
        streamed = isSpilled(inputs) ? spillOutput(u, (bytes, at) => writer.writeTensor(t.name, bytes, at)) : null;
        if (isSpilled(inputs)) yield { type: "tensor-spilled", name: t.name, index: u.tensorIndex, scratchBytes: inputs.scratchBytes };
        const req = { ...requestFor(u, inputs), ...streamed?.request };
        out = await timed("mergeMs", () => deps.mergeTensor(req));
      }
      if (!u.spill && i + 1 < units.length && !units[i + 1].spill && !signal?.aborted) startAhead(i + 1);
      const produced = streamed ? streamed.written() : out.length;
      if (produced !== u.outBytes) throw new EngineError("OUTPUT_MISMATCH", `Merging "${t.name}" produced ${produced} bytes, expected ${u.outBytes} for ${t.dtype} [${u.shape.join(", ")}].`);
      signal?.throwIfAborted();
      if (!streamed) await timed("writeMs", () => writer.writeTensor(t.name, out, u.outOffset));
      prefetch.release(u);
      if (u.last) {
        const shardComplete = shards.tensorDone(t);
        if (isSpilled(inputs)) await spill.discard(inputs.scratch);
        tensorsDone++;
        yield { type: "tensor-done", name: t.name, index: u.tensorIndex, ms: performance.now() - tensorT0, tensorsDone, tensorsTotal: plan.tensors.length };
        const set = shards;
        if (shardComplete) yield { type: "shard-done", ...(await timed("writeMs", () => set.finalize(t.shard))) };
      }
      const now = performance.now();
      if (now - lastProgress >= interval || i === units.length - 1) {
        lastProgress = now;
        const rate = bytesFetched / Math.max(1e-3, (now - tMerge) / 1000);
        const eta = bytesFetched > 0 ? (bytesToFetch - bytesFetched) / rate : null;
        yield { type: "progress", bytesFetched, bytesToFetch, tensorsDone, tensorsTotal: plan.tensors.length, rate, etaSeconds: eta, currentTensor: i + 1 < units.length ? units[i + 1].tensor.name : null };
      }
    }
    for (const i of shards.pendingFinal()) yield { type: "shard-done", ...(await shards.finalize(i)) };

    await check();
    yield { type: "phase", phase: "writing-files" };
    for await (const f of writeOutputFiles(plan, dir, deps)) yield { type: "file-written", ...f };
    journal.append({ t: "done" });
    yield { type: "phase", phase: "done" };
    shards.close();
    journal.close();
    const summary = await describeJob(jobId);
    yield { type: "done", jobId, files: summary.files, ms: performance.now() - t0, stages };
  } finally {
    shards?.close();
    spill.closeAll();
    journal.close();
  }
}

function outDtypeOf(dtype: string, name: string): "F32" | "BF16" | "F16" {
  if (dtype === "F32" || dtype === "BF16" || dtype === "F16") return dtype;
  throw new EngineError("UNSUPPORTED_DTYPE", `Output tensor "${name}" is planned as ${dtype}; the merge writes only F32, BF16 or F16. Set dtype/out_dtype in the recipe.`);
}
