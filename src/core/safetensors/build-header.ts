import type { Dtype } from "./dtype.ts";
import { dtypeByteSize, isDtype } from "./dtype.ts";
import { SafetensorsError } from "./errors.ts";
import { shortName } from "./validate-tensor-entry.ts";

/** A tensor to be written: its data is not needed to lay out the header. */
export interface TensorEntrySpec {
  name: string;
  dtype: Dtype;
  shape: readonly number[];
}

/** The header bytes of a safetensors file and where each tensor's data goes. */
export interface BuiltHeader {
  /** 8-byte length prefix + JSON, space-padded so the data section starts at a multiple of 8. */
  bytes: Uint8Array;
  /** [begin, end) of each entry (same order as the input), relative to the data section. */
  offsets: [number, number][];
  /** File offset of the data section (= bytes.length). */
  dataStart: number;
  /** Bytes in the data section; the file size is dataStart + dataLength. */
  dataLength: number;
}

/**
 * Lay out a safetensors file from planned tensor shapes, so every offset is known before any
 * data exists (the writer can then stream tensors in order). Tensors are laid out in the given
 * order; `__metadata__` comes first, as the reference writer does.
 */
export function buildSafetensorsHeader(
  entries: readonly TensorEntrySpec[],
  metadata: Record<string, string> = { format: "pt" },
): BuiltHeader {
  const json: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) json.__metadata__ = metadata;
  const offsets: [number, number][] = [];
  const seen = new Set<string>();
  let cursor = 0;
  for (const e of entries) {
    if (e.name === "__metadata__" || seen.has(e.name)) {
      throw new SafetensorsError("DUPLICATE_TENSOR", `tensor '${shortName(e.name)}' is given twice (or is named __metadata__); names must be unique.`);
    }
    seen.add(e.name);
    if (!isDtype(e.dtype)) throw new SafetensorsError("BAD_DTYPE", `tensor '${shortName(e.name)}': unsupported dtype ${String(e.dtype)}.`);
    let bytes = dtypeByteSize(e.dtype);
    for (const d of e.shape) {
      if (!Number.isSafeInteger(d) || d < 0) {
        throw new SafetensorsError("BAD_SHAPE", `tensor '${shortName(e.name)}': shape [${e.shape.join(", ")}] must hold non-negative integers.`);
      }
      bytes *= d;
    }
    offsets.push([cursor, cursor + bytes]);
    json[e.name] = { dtype: e.dtype, shape: [...e.shape], data_offsets: [cursor, cursor + bytes] };
    cursor += bytes;
  }
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== "string") throw new SafetensorsError("BAD_METADATA", `metadata "${k}" must be a string.`);
  }
  const text = new TextEncoder().encode(JSON.stringify(json));
  const padded = Math.ceil((8 + text.length) / 8) * 8 - 8;
  const bytes = new Uint8Array(8 + padded).fill(0x20, 8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(padded), true);
  bytes.set(text, 8);
  return { bytes, offsets, dataStart: bytes.length, dataLength: cursor };
}

/** A tensor with its encoded little-endian bytes. */
export interface TensorWithData extends TensorEntrySpec {
  data: Uint8Array;
}

/** Serialize small tensors into one in-memory safetensors file (tests, fixtures, tiny outputs). */
export function serializeSafetensors(
  tensors: readonly TensorWithData[],
  metadata: Record<string, string> = { format: "pt" },
): Uint8Array {
  const header = buildSafetensorsHeader(tensors, metadata);
  const out = new Uint8Array(header.dataStart + header.dataLength);
  out.set(header.bytes, 0);
  tensors.forEach((t, i) => {
    const [begin, end] = header.offsets[i];
    if (t.data.length !== end - begin) {
      throw new SafetensorsError(
        "BAD_TENSOR_DATA",
        `tensor '${shortName(t.name)}': ${t.data.length} data bytes given but ${t.dtype} [${t.shape.join(", ")}] needs ${end - begin}.`,
      );
    }
    out.set(t.data, header.dataStart + begin);
  });
  return out;
}
