/**
 * Spilled tensors: a whole-tensor method (ties, slerp, ...) on a tensor over the memory budget.
 * Each source's bytes are streamed in bounded chunks into one region of a scratch file in the
 * job's folder; the GPU merge then reads tiles back from it (as often as its passes need) and
 * streams output tiles straight into the shard. Memory stays at a few chunks and tiles,
 * whatever the tensor size; the scratch is deleted once the tensor is journaled.
 */
import type { PlannedSource, PlannedTensor } from "../core/plan/types.ts";
import { dtypeByteSize } from "../core/safetensors/index.ts";
import { clearScratch, ScratchFile } from "../storage/scratch-file.ts";
import { EngineError } from "./errors.ts";
import { checkSource, readSourceRange, type UnitInputs } from "./fetch-unit.ts";
import type { MergeRequest, SourceReader, TensorTileReader } from "./types.ts";
import { planWorkUnits, type WorkUnit } from "./work-units.ts";

/** Inputs of a spilled unit: tile readers over its scratch file. */
export interface SpilledInputs {
  models: TensorTileReader[];
  base: TensorTileReader | null;
  bytesRead: number;
  scratch: ScratchFile;
  /** Size of the scratch file. */
  scratchBytes: number;
}

export function isSpilled(inputs: UnitInputs | SpilledInputs): inputs is SpilledInputs {
  return "scratch" in inputs;
}

/**
 * A spilled unit's share of the budget (`unit.memBytes`) is split in two: half for the chunks
 * in flight while staging, half for the GPU tile working set while merging.
 */
export function spillTileBudget(unit: WorkUnit): number {
  return gpuTileBudget(unit, 2 * unit.memBytes);
}

/**
 * GPU memory for one tile's working set of any unit: a quarter of the engine's budget (at most
 * the GPU's own default), so the GPU process, and the upload and read-back copies in the tab,
 * shrink with the budget too.
 */
export function gpuTileBudget(unit: WorkUnit, budgetBytes: number): number {
  // GPU tiles hold whole rows (last axis): never ask for less than one row of every buffer a
  // method may use (f32 inputs, their scratch, the base and the result), whatever the budget.
  const row = unit.shape.length > 0 ? unit.shape[unit.shape.length - 1] : 1;
  const oneRow = row * 4 * (3 * unit.tensor.sources.length + 4);
  return Math.max(1024, oneRow, Math.min(MAX_TILE_BUDGET, Math.floor(budgetBytes / 4)));
}

/** The GPU's own default tile budget: a bigger engine budget need not make tiles bigger. */
const MAX_TILE_BUDGET = 256 * 1024 * 1024;

/** The scratch files of one run: staged per spilled unit, all closed when the run ends. */
export class SpillArea {
  private readonly files = new Set<ScratchFile>();
  private closed = false;

  private constructor(private readonly jobDir: FileSystemDirectoryHandle) {}

  /** Start a run: scratch left by an earlier (crashed or stopped) run is dropped unread. */
  static async open(jobDir: FileSystemDirectoryHandle): Promise<SpillArea> {
    await clearScratch(jobDir);
    return new SpillArea(jobDir);
  }

  /** Stream every source of `unit` into a new scratch file, one region per source. */
  async stage(unit: WorkUnit, sources: readonly SourceReader[], signal?: AbortSignal): Promise<SpilledInputs> {
    if (this.closed) throw new EngineError("CANCELLED", `Not staging "${unit.tensor.name}": the run has already stopped.`);
    const t = unit.tensor;
    const numel = t.shape.reduce((a, b) => a * b, 1);
    const regions = t.sources.map((src) => ({ src, dtype: checkSource(t, src, sources), bytes: numel * dtypeByteSize(src.dtype) }));
    let offset = 0;
    const placed = regions.map((r) => ({ ...r, at: (offset += r.bytes) - r.bytes }));
    const scratch = await ScratchFile.create(this.jobDir, `${unit.tensorIndex}.bin`, offset);
    // The run may have stopped while the file was being created: never leave its lock behind.
    if (this.closed) {
      scratch.close();
      throw new EngineError("CANCELLED", `Not staging "${t.name}": the run has already stopped.`);
    }
    this.files.add(scratch);
    try {
      // Sources stream side by side, each one chunk at a time: at most half the unit's share in flight.
      const chunkBytes = Math.max(4096, Math.floor(unit.memBytes / 2 / Math.max(1, regions.length)));
      const read = await Promise.all(placed.map((r) => stageSource(t, r.src, sources, scratch, r.at, chunkBytes, signal)));
      const readers = placed.map((r) => ({ role: r.src.role, reader: tileReader(scratch, r.at, r.dtype) }));
      return {
        models: readers.filter((r) => r.role === "model").map((r) => r.reader),
        base: readers.find((r) => r.role === "base")?.reader ?? null,
        bytesRead: read.reduce((a, b) => a + b, 0),
        scratch,
        scratchBytes: offset,
      };
    } catch (err) {
      await this.discard(scratch);
      throw err;
    }
  }

  /** Close and delete one unit's scratch (after its tensor is journaled). */
  async discard(scratch: ScratchFile): Promise<void> {
    this.files.delete(scratch);
    await scratch.discard();
  }

  /** Release every handle (end of run, pause, error); files go at the next run's start. */
  closeAll(): void {
    this.closed = true;
    for (const f of this.files) f.close();
    this.files.clear();
  }
}

function tileReader(scratch: ScratchFile, at: number, dtype: TensorTileReader["dtype"]): TensorTileReader {
  const size = dtypeByteSize(dtype);
  return { dtype, read: (start, count) => scratch.read(at + start * size, count * size) };
}

/**
 * Copy one source into its region, chunk by chunk; returns the bytes read. A cropped source
 * (vocabulary crop of an embedding) is read in runs of whole rows, keeping the leading columns.
 */
export async function stageSource(t: PlannedTensor, src: PlannedSource, sources: readonly SourceReader[], scratch: Pick<ScratchFile, "write">, at: number, chunkBytes: number, signal?: AbortSignal): Promise<number> {
  const [start, end] = src.byteRange;
  if (!t.crop) {
    for (let from = start; from < end; from += chunkBytes) {
      signal?.throwIfAborted();
      const bytes = await readSourceRange(src, sources, from, Math.min(end, from + chunkBytes));
      scratch.write(bytes, at + (from - start));
    }
    return end - start;
  }
  if (src.shape.length !== 2 || t.shape.length !== 2) {
    throw new EngineError("PLAN_INVALID", `Tensor "${t.name}" asks for a crop but is not 2-D (source shape [${src.shape.join(", ")}]).`);
  }
  const [rows, cols] = t.shape;
  const size = dtypeByteSize(src.dtype);
  const srcRowBytes = src.shape[1] * size;
  const outRowBytes = cols * size;
  const rowsPerChunk = Math.max(1, Math.floor(chunkBytes / srcRowBytes));
  for (let r0 = 0; r0 < rows; r0 += rowsPerChunk) {
    signal?.throwIfAborted();
    const r1 = Math.min(rows, r0 + rowsPerChunk);
    const bytes = await readSourceRange(src, sources, start + r0 * srcRowBytes, start + r1 * srcRowBytes);
    if (srcRowBytes === outRowBytes) scratch.write(bytes, at + r0 * outRowBytes);
    else for (let r = r0; r < r1; r++) scratch.write(bytes.subarray((r - r0) * srcRowBytes, (r - r0) * srcRowBytes + outRowBytes), at + r * outRowBytes);
  }
  return rows * srcRowBytes;
}

/**
 * Request fields that stream a spilled unit's output into its shard (`write(bytes, offset in
 * the tensor)`) with the unit's tile budget, and a count of the bytes streamed.
 */
export function spillOutput(unit: WorkUnit, write: (bytes: Uint8Array, tensorOffset: number) => void): { request: Pick<MergeRequest, "tileBudgetBytes" | "writeOut">; written: () => number } {
  let written = 0;
  const writeOut = (at: number, bytes: Uint8Array): void => {
    write(bytes, unit.outOffset + at);
    written += bytes.length;
  };
  return { request: { tileBudgetBytes: spillTileBudget(unit), writeOut }, written: () => written };
}

/**
 * Disk the scratch may take at once, for the quota check: the inputs of the two biggest
 * spilled tensors (one merging while the prefetch stages the next). Unit planning as in the run.
 */
export function scratchReserve(tensors: readonly PlannedTensor[], budget: number, readWhole: (t: PlannedTensor) => boolean): number {
  const sizes = planWorkUnits(tensors, () => false, Math.floor(budget / 4), readWhole, budget)
    .filter((u) => u.spill)
    .map((u) => u.inBytes)
    .sort((a, b) => b - a);
  return (sizes[0] ?? 0) + (sizes[1] ?? 0);
}
