import { dtypeByteSize, DTYPES, isDtype } from "./dtype.ts";
import { SafetensorsError } from "./errors.ts";
import type { TensorInfo } from "./types.ts";

/** Largest number of dimensions accepted (real models use <= 5). */
export const MAX_RANK = 16;

function fail(code: ConstructorParameters<typeof SafetensorsError>[0], name: string, what: string): never {
  throw new SafetensorsError(code, `tensor '${shortName(name)}': ${what}`);
}

function isNonNegSafeInt(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Validate one raw header entry (`{dtype, shape, data_offsets}`) against its own rules: known
 * dtype, a shape of non-negative safe integers whose byte count is a safe integer, offsets that
 * are ordered and agree with the byte count. Cross-entry rules (overlap, gaps, file size) live in
 * parseSafetensorsHeader.
 */
export function validateTensorEntry(name: string, raw: unknown): TensorInfo {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    fail("BAD_ENTRY", name, `expected an object {"dtype", "shape", "data_offsets"}, got ${describe(raw)}.`);
  }
  const entry = raw as Record<string, unknown>;
  // Unknown extra fields are ignored, as the reference (serde) reader does; they cannot move bytes.
  const { dtype, shape, data_offsets: offsets } = entry;
  if (!isDtype(dtype)) {
    fail(
      "BAD_DTYPE",
      name,
      `dtype ${describe(dtype)} is not supported (supported: ${DTYPES.join(", ")}); ` +
        `convert the checkpoint to BF16, F16 or F32 first.`,
    );
  }
  if (!Array.isArray(shape)) fail("BAD_SHAPE", name, `"shape" must be an array of integers, got ${describe(shape)}.`);
  if (shape.length > MAX_RANK) fail("BAD_SHAPE", name, `shape has ${shape.length} dimensions (at most ${MAX_RANK}).`);
  const elemSize = dtypeByteSize(dtype);
  let bytes = elemSize;
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (!isNonNegSafeInt(d)) fail("BAD_SHAPE", name, `shape[${i}] = ${describe(d)} is not a non-negative integer.`);
    bytes *= d;
    if (!Number.isSafeInteger(bytes)) {
      fail("BAD_SHAPE", name, `shape [${shape.join(", ")}] is too large (more than 2^53 bytes).`);
    }
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !isNonNegSafeInt(offsets[0]) || !isNonNegSafeInt(offsets[1])) {
    fail("BAD_OFFSETS", name, `"data_offsets" must be [begin, end] with non-negative integers, got ${describe(offsets)}.`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) fail("BAD_OFFSETS", name, `data_offsets [${begin}, ${end}] end before they begin.`);
  if (end - begin !== bytes) {
    fail(
      "SIZE_MISMATCH",
      name,
      `data_offsets [${begin}, ${end}] cover ${end - begin} bytes but ${dtype} [${shape.join(", ")}] needs ${bytes}.`,
    );
  }
  return { name, dtype, shape: shape.slice() as number[], dataOffsets: [begin, end] };
}

/** Short, bounded description of a JSON value for error messages. */
export function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** A tensor name cut to a readable length (hostile headers can carry megabyte-long names). */
export function shortName(name: string): string {
  return name.length > 120 ? `${name.slice(0, 117)}...` : name;
}
