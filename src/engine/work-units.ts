/**
 * Cuts the plan's output tensors into work units. An elementwise method's big tensor becomes
 * runs of whole rows, each fetched, merged and written on its own, so memory stays bounded by
 * the budget whatever the tensor size. Other methods need the whole tensor at once: when it is
 * over the spill threshold, its unit is "spilled" (inputs staged in a scratch file, merged tile
 * by tile, see spill.ts) and holds only a bounded working set.
 */
import type { MethodName } from "../core/methods/types.ts";
import type { PlannedTensor } from "../core/plan/types.ts";
import { dtypeByteSize } from "../core/safetensors/index.ts";
import { EngineError } from "./errors.ts";

/** Methods whose output element i depends only on input elements i (safe to cut into rows). */
const ELEMENTWISE: ReadonlySet<MethodName> = new Set(["linear", "task_arithmetic", "passthrough"]);

/** One fetch → merge → write step. */
export interface WorkUnit {
  /** Index of the tensor in plan.tensors. */
  tensorIndex: number;
  tensor: PlannedTensor;
  /** First and past-the-last row (first axis) of this unit; a whole tensor is [0, rows). */
  rowStart: number;
  rowEnd: number;
  /** Shape of the unit (rows cut along the first axis). */
  shape: number[];
  /** Byte offset of the unit's output within the tensor's data. */
  outOffset: number;
  /** Input bytes to fetch. */
  inBytes: number;
  /** Output bytes of the unit. */
  outBytes: number;
  /** Bytes the unit holds in memory: input + output, or a spilled unit's bounded working set. */
  memBytes: number;
  /** Staged in a scratch file and merged tile by tile instead of held whole. */
  spill: boolean;
  /** True for the tensor's last unit (the tensor is journaled after it). */
  last: boolean;
}

/**
 * Units for every tensor not yet finished, in write order; `readWhole` tensors are never cut nor
 * spilled. A whole-tensor unit over `spillAboveBytes` is spilled and reserves half of it.
 */
export function planWorkUnits(
  tensors: readonly PlannedTensor[],
  isDone: (name: string) => boolean,
  unitBudgetBytes: number,
  readWhole: (t: PlannedTensor) => boolean = () => false,
  spillAboveBytes = Infinity,
): WorkUnit[] {
  const units: WorkUnit[] = [];
  tensors.forEach((t, tensorIndex) => {
    if (isDone(t.name)) return;
    const outSize = elementSize(t.dtype, t.name);
    const rows = t.shape.length === 0 ? 1 : t.shape[0];
    const rowElems = t.shape.slice(1).reduce((a, b) => a * b, 1);
    const inPerElem = t.sources.reduce((s, src) => s + elementSize(src.dtype, t.name), 0);
    const perRow = rowElems * (inPerElem + outSize);
    // Cropped or remapped embeddings read each source whole, so they are one unit.
    const remapped = readWhole(t);
    const whole = t.crop !== undefined || remapped;
    const canCut = ELEMENTWISE.has(t.method) && !whole && t.shape.length >= 1 && rows > 1;
    const rowsPerUnit = canCut ? Math.max(1, Math.floor(unitBudgetBytes / Math.max(1, perRow))) : rows;
    for (let r = 0; r < rows || (rows === 0 && r === 0); r += Math.max(1, rowsPerUnit)) {
      const end = Math.min(rows, r + rowsPerUnit);
      const n = end - r;
      const shape = t.shape.length === 0 ? [] : [n, ...t.shape.slice(1)];
      const inBytes = whole ? t.sources.reduce((s, src) => s + (src.byteRange[1] - src.byteRange[0]), 0) : n * rowElems * inPerElem;
      const outBytes = n * rowElems * outSize;
      // Whole-read sources need not match the output's rows (crop, vocabulary remap).
      const held = inBytes + outBytes;
      const spill = !canCut && !remapped && held > spillAboveBytes;
      units.push({
        tensorIndex,
        tensor: t,
        rowStart: r,
        rowEnd: end,
        shape,
        outOffset: r * rowElems * outSize,
        inBytes,
        outBytes,
        memBytes: spill ? Math.floor(spillAboveBytes / 2) : held,
        spill,
        last: end >= rows,
      });
      if (rows === 0) break;
    }
  });
  return units;
}

function elementSize(dtype: string, tensor: string): number {
  try {
    return dtypeByteSize(dtype as Parameters<typeof dtypeByteSize>[0]);
  } catch {
    throw new EngineError("UNSUPPORTED_DTYPE", `Tensor "${tensor}" uses dtype ${dtype}, which the engine cannot merge; only F32, BF16 and F16 are supported.`);
  }
}
