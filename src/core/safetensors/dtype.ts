/**
 * The safetensors dtypes this project understands, with their element sizes in bytes.
 * Sub-byte formats (F4, F6_*) are deliberately absent: merging them needs dequantisation,
 * which is out of scope, so the parser rejects them with a clear error instead.
 */

/** Every dtype string the parser accepts. */
export const DTYPES = [
  "F64", "I64", "F32", "I32", "F16", "BF16", "I16", "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2",
] as const;

/** A safetensors dtype string, exactly as it appears in a header. */
export type Dtype = (typeof DTYPES)[number];

const SIZES: Record<Dtype, number> = {
  F64: 8, I64: 8, F32: 4, I32: 4, F16: 2, BF16: 2, I16: 2, I8: 1, U8: 1, BOOL: 1, F8_E4M3: 1, F8_E5M2: 1,
};

/** True when `s` is a dtype this project supports. */
export function isDtype(s: unknown): s is Dtype {
  return typeof s === "string" && Object.prototype.hasOwnProperty.call(SIZES, s);
}

/** Size in bytes of one element of `dtype`. */
export function dtypeByteSize(dtype: Dtype): number {
  return SIZES[dtype];
}
