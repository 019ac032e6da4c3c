/**
 * Fetches the input bytes of one work unit: for each source, the byte range of the unit's rows
 * (or the whole tensor, cropped to the output's leading submatrix when the plan says so).
 */
import type { PlannedSource, PlannedTensor } from "../core/plan/types.ts";
import { dtypeByteSize, type FloatDtype } from "../core/safetensors/index.ts";
import { EngineError } from "./errors.ts";
import type { SourceReader, TensorInput } from "./types.ts";
import type { WorkUnit } from "./work-units.ts";

/** Inputs of one unit, split as the merger wants them. */
export interface UnitInputs {
  models: TensorInput[];
  base: TensorInput | null;
  /** Bytes read over the network/disk for this unit. */
  bytesRead: number;
}

/** Read all sources of `unit` concurrently. */
export async function fetchUnit(unit: WorkUnit, sources: readonly SourceReader[]): Promise<UnitInputs> {
  const t = unit.tensor;
  let bytesRead = 0;
  const read = await Promise.all(
    t.sources.map(async (src) => {
      const dtype = checkSource(t, src, sources);
      const [start, end] = rangeOf(unit, src);
      const bytes = await readSourceRange(src, sources, start, end);
      bytesRead += bytes.length;
      // Own, aligned buffer: ranges may start at odd offsets and the GPU copy needs 4-byte alignment.
      const own = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
      return { role: src.role, input: { dtype, bytes: t.crop ? cropTo(own, src, t) : own } };
    }),
  );
  return {
    models: read.filter((r) => r.role === "model").map((r) => r.input),
    base: read.find((r) => r.role === "base")?.input ?? null,
    bytesRead,
  };
}

/** The source's dtype once it is known to be readable (a given model, a float dtype). */
export function checkSource(t: PlannedTensor, src: PlannedSource, sources: readonly SourceReader[]): FloatDtype {
  if (!sources[src.modelIndex]) throw new EngineError("PLAN_INVALID", `Tensor "${t.name}" reads model #${src.modelIndex}, but only ${sources.length} sources were given.`);
  if (src.dtype !== "F32" && src.dtype !== "BF16" && src.dtype !== "F16") {
    throw new EngineError("UNSUPPORTED_DTYPE", `Tensor "${src.tensorName}" of model #${src.modelIndex} is stored as ${src.dtype}; only F32, BF16 and F16 inputs can be merged (quantised checkpoints need dequantising first).`);
  }
  return src.dtype;
}

/** Bytes [start, end) of the source's file, checked for a short read. */
export async function readSourceRange(src: PlannedSource, sources: readonly SourceReader[], start: number, end: number): Promise<Uint8Array> {
  const bytes = await sources[src.modelIndex].readRange(src.file, start, end);
  if (bytes.length !== end - start) {
    throw new EngineError("SOURCE_SHORT_READ", `Reading "${src.tensorName}" from ${src.file} of model #${src.modelIndex} returned ${bytes.length} bytes instead of ${end - start}; the file changed or the server ignored the Range header.`);
  }
  return bytes;
}

function rangeOf(unit: WorkUnit, src: PlannedSource): [number, number] {
  if (unit.tensor.crop) return src.byteRange;
  const rowElems = src.shape.slice(1).reduce((a, b) => a * b, 1);
  const rowBytes = rowElems * dtypeByteSize(src.dtype);
  const start = src.byteRange[0] + unit.rowStart * rowBytes;
  const end = src.shape.length === 0 ? src.byteRange[1] : src.byteRange[0] + unit.rowEnd * rowBytes;
  return [start, end];
}

/** Keep the leading [out rows, out cols] submatrix of a 2-D source (vocab crop of embeddings). */
function cropTo(bytes: Uint8Array, src: PlannedSource, t: PlannedTensor): Uint8Array {
  if (src.shape.length !== 2 || t.shape.length !== 2) {
    throw new EngineError("PLAN_INVALID", `Tensor "${t.name}" asks for a crop but is not 2-D (source shape [${src.shape.join(", ")}]).`);
  }
  const [rows, cols] = t.shape;
  const size = dtypeByteSize(src.dtype);
  if (src.shape[0] === rows && src.shape[1] === cols) return bytes;
  const out = new Uint8Array(rows * cols * size);
  for (let r = 0; r < rows; r++) {
    const from = r * src.shape[1] * size;
    out.set(bytes.subarray(from, from + cols * size), r * cols * size);
  }
  return out;
}
