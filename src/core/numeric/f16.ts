/**
 * IEEE binary16 (half) <-> float32 codecs. Encoding rounds to nearest, ties to even, overflows
 * to Inf, flushes nothing (f16 subnormals are produced), and keeps NaNs NaN (quiet bit set).
 */

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);
const SUBNORMAL_UNIT = 2 ** -24;

/** f16 bits (low 16 bits of `h`) -> float32 value. */
export function f16BitsToF32(h: number): number {
  const sign = h & 0x8000;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return (sign ? -1 : 1) * mant * SUBNORMAL_UNIT;
  scratchU32[0] = exp === 0x1f
    ? (sign << 16) | 0x7f800000 | (mant << 13)
    : (sign << 16) | ((exp + 112) << 23) | (mant << 13);
  return scratchF32[0];
}

/** float32 bit pattern -> f16 bits, round-to-nearest-even. */
export function f32BitsToF16Bits(u: number): number {
  u >>>= 0;
  const sign = (u >>> 16) & 0x8000;
  const exp = (u >>> 23) & 0xff;
  const mant = u & 0x7fffff;
  if (exp === 0xff) return mant ? sign | 0x7e00 | (mant >>> 13) : sign | 0x7c00;
  const e = exp - 112; // re-biased exponent (127 -> 15)
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // below half the smallest subnormal: rounds to zero
    const m = mant | 0x800000;
    const shift = 14 - e;
    let half = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++; // may carry into Inf, which is right
  return sign | half;
}

/** float32 value -> f16 bits. */
export function f32ToF16Bits(x: number): number {
  scratchF32[0] = x;
  return f32BitsToF16Bits(scratchU32[0]);
}

let table: Float32Array | undefined;

/** Decode an f16 array into float32 (table lookup; the 256 KB table is built on first use). */
export function decodeF16(src: Uint16Array): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = f16BitsToF32(h);
  }
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = table[src[i]];
  return out;
}

/** Encode float32 values as f16 with round-to-nearest-even. */
export function encodeF16(src: Float32Array): Uint16Array {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f32BitsToF16Bits(bits[i]);
  return out;
}
