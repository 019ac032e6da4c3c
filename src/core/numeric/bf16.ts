/**
 * bfloat16 <-> float32 codecs. bf16 is the upper half of an IEEE binary32; encoding rounds to
 * nearest, ties to even, and keeps NaNs quiet (a NaN never rounds into Inf). The WGSL in
 * shaders/common/bf16.wgsl does the same bit operations, so results match bit for bit.
 */

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** bf16 bits (low 16 bits of `bits`) -> float32 value. */
export function bf16BitsToF32(bits: number): number {
  scratchU32[0] = (bits & 0xffff) << 16;
  return scratchF32[0];
}

/** float32 bit pattern -> bf16 bits, round-to-nearest-even, NaN kept NaN (quiet). */
export function f32BitsToBf16Bits(u: number): number {
  u >>>= 0;
  if ((u & 0x7fffffff) > 0x7f800000) return ((u >>> 16) | 0x0040) & 0xffff;
  const lsb = (u >>> 16) & 1;
  return ((u + 0x7fff + lsb) >>> 16) & 0xffff;
}

/** float32 value -> bf16 bits. */
export function f32ToBf16Bits(x: number): number {
  scratchF32[0] = x;
  return f32BitsToBf16Bits(scratchU32[0]);
}

/** Decode a bf16 array into float32. */
export function decodeBf16(src: Uint16Array): Float32Array {
  const out = new Float32Array(src.length);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < src.length; i++) outBits[i] = src[i] << 16;
  return out;
}

/** Encode float32 values as bf16 with round-to-nearest-even, into `out` when given (reuse a buffer). */
export function encodeBf16(src: Float32Array, out = new Uint16Array(src.length)): Uint16Array {
  if (out.length < src.length) throw new RangeError(`encodeBf16: output holds ${out.length} values, ${src.length} needed`);
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  // Inlined round-to-nearest-even: this loop runs over whole tensors.
  for (let i = 0; i < src.length; i++) {
    const u = bits[i];
    out[i] = (u & 0x7fffffff) > 0x7f800000 ? (u >>> 16) | 0x0040 : (u + 0x7fff + ((u >>> 16) & 1)) >>> 16;
  }
  return out;
}

/** Round float32 values to the nearest bf16 value (as float32), in place-free form. */
export function roundToBf16(src: Float32Array): Float32Array {
  return decodeBf16(encodeBf16(src));
}
