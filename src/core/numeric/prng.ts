/**
 * Counter-based PRNG for the random merge methods (DARE, DELLA): every random draw is a pure
 * function of (seed, tensor name, stream, element index), so the TS reference and the WGSL kernels
 * (shaders/common/prng.wgsl) draw the same masks on any device, in any tile order.
 *
 * Algorithm (mirror it bit for bit; only u32 ops):
 *   1. nameHash = FNV-1a 32-bit over the UTF-8 bytes of the tensor name:
 *        h = 0x811C9DC5; for each byte b: h = (h ^ b) * 0x01000193 (mod 2^32).
 *   2. Philox4x32-10 (Salmon et al., SC'11, as in Random123) with
 *        key     = (k0, k1) = (seed mod 2^32, nameHash)
 *        counter = (c0, c1, c2, c3) = (element index, stream, 0, 0)
 *      stream = the model's position among the non-base models (0, 1, ...), so each model draws
 *      its own mask. One round, with M0 = 0xD2511F53, M1 = 0xCD9E8D57:
 *        (hi0, lo0) = 64-bit product M0 * c0 ; (hi1, lo1) = M1 * c2
 *        (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)
 *      then the key is bumped: k0 += 0x9E3779B9, k1 += 0xBB67AE85 (mod 2^32).
 *      Ten rounds; the random u32 is c0 of the result.
 *   3. uniform = (u32 >>> 8) * 2^-24, a float in [0, 1) exactly representable in f32
 *      (WGSL: f32(x >> 8u) * (1.0 / 16777216.0)).
 *   4. A Bernoulli(p) draw keeps an element iff uniform < p.
 * The 32x32 -> 64 multiply is done with 16-bit halves (see mulHiLo) so WGSL needs no u64.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the unsigned 64-bit product a*b (both u32), from 16-bit halves. */
export function mulHi(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const ll = aLo * bLo; // < 2^32, exact in f64
  const lh = aLo * bHi;
  const hl = aHi * bLo;
  const hh = aHi * bHi;
  // Carry out of the low word: (ll >>> 16) + low halves of the cross terms.
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/** FNV-1a 32-bit hash of a string's UTF-8 bytes. */
export function fnv1a32(text: string): number {
  const bytes = new TextEncoder().encode(text);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h >>> 0;
}

/** Philox4x32-10 block: four u32 counter words and two u32 key words -> four u32 outputs. */
export function philox4x32(counter: readonly number[], key: readonly number[]): [number, number, number, number] {
  let c0 = counter[0] >>> 0;
  let c1 = counter[1] >>> 0;
  let c2 = counter[2] >>> 0;
  let c3 = counter[3] >>> 0;
  let k0 = key[0] >>> 0;
  let k1 = key[1] >>> 0;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulHi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulHi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  return [c0, c1, c2, c3];
}

/** The random u32 for one element: see the algorithm in the file header. */
export function randomU32(seed: number, nameHash: number, stream: number, index: number): number {
  return philox4x32([index, stream, 0, 0], [seed, nameHash])[0];
}

/** u32 -> uniform float in [0, 1) from its top 24 bits. */
export function u32ToUnit(x: number): number {
  return (x >>> 8) * (1 / 16777216);
}

/** A per-(seed, tensor, stream) uniform generator over element indices. */
export function createUniformStream(seed: number, tensorName: string, stream: number): (index: number) => number {
  const h = fnv1a32(tensorName);
  const s = seed >>> 0;
  return (index) => u32ToUnit(randomU32(s, h, stream, index));
}
