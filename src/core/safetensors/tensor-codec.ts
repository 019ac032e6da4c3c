import { decodeBf16, encodeBf16 } from "../numeric/bf16.ts";
import { decodeF16, encodeF16 } from "../numeric/f16.ts";
import type { Dtype } from "./dtype.ts";
import { dtypeByteSize } from "./dtype.ts";
import { SafetensorsError } from "./errors.ts";

/** The dtypes that can be decoded to / encoded from float32. */
export type FloatDtype = "F32" | "BF16" | "F16";

function isFloatDtype(d: Dtype): d is FloatDtype {
  return d === "F32" || d === "BF16" || d === "F16";
}

/** A copy of `bytes` with its own aligned buffer when it is not aligned to `align` already. */
function aligned(bytes: Uint8Array, align: number): Uint8Array {
  return bytes.byteOffset % align === 0 ? bytes : bytes.slice();
}

/**
 * Decode little-endian tensor bytes (any alignment) into float32. Assumes a little-endian host,
 * which every WebGPU-capable platform is.
 */
export function decodeTensorToF32(bytes: Uint8Array, dtype: Dtype, where = "tensor"): Float32Array {
  if (!isFloatDtype(dtype)) {
    throw new SafetensorsError("BAD_DTYPE", `${where}: cannot decode ${dtype} as floats; only F32, BF16 and F16 are supported.`);
  }
  const size = dtypeByteSize(dtype);
  if (bytes.length % size !== 0) {
    throw new SafetensorsError(
      "BAD_TENSOR_DATA",
      `${where}: ${bytes.length} bytes is not a whole number of ${dtype} elements (${size} bytes each).`,
    );
  }
  const b = aligned(bytes, size);
  const n = b.length / size;
  if (dtype === "F32") return new Float32Array(b.buffer, b.byteOffset, n).slice();
  const u16 = new Uint16Array(b.buffer, b.byteOffset, n);
  return dtype === "BF16" ? decodeBf16(u16) : decodeF16(u16);
}

/** Encode float32 values as little-endian bytes of F32, BF16 (RNE) or F16 (RNE). */
export function encodeF32ToTensor(values: Float32Array, dtype: Dtype, where = "tensor"): Uint8Array {
  if (!isFloatDtype(dtype)) {
    throw new SafetensorsError("BAD_DTYPE", `${where}: cannot encode floats as ${dtype}; only F32, BF16 and F16 are supported.`);
  }
  if (dtype === "F32") return new Uint8Array(values.slice().buffer);
  const u16 = dtype === "BF16" ? encodeBf16(values) : encodeF16(values);
  return new Uint8Array(u16.buffer);
}
