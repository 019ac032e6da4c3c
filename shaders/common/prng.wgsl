// Counter-based PRNG, bit-identical to src/core/numeric/prng.ts (read its header for the spec):
// Philox4x32-10 with key (seed, FNV-1a(tensor name)) and counter (element index, stream, 0, 0);
// the draw is c0 of the result, turned into a uniform in [0, 1) from its top 24 bits.
// 32x32 -> 64-bit products are built from 16-bit halves (WGSL has no u64).

fn prng_mul_hi(a: u32, b: u32) -> u32 {
  let a_lo = a & 0xffffu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xffffu;
  let b_hi = b >> 16u;
  let ll = a_lo * b_lo;
  let lh = a_lo * b_hi;
  let hl = a_hi * b_lo;
  let hh = a_hi * b_hi;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  return hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
}

fn philox4x32_10(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var r = 0u; r < 10u; r = r + 1u) {
    let hi0 = prng_mul_hi(0xd2511f53u, c.x);
    let lo0 = 0xd2511f53u * c.x;
    let hi1 = prng_mul_hi(0xcd9e8d57u, c.z);
    let lo1 = 0xcd9e8d57u * c.z;
    c = vec4<u32>(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
    k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u);
  }
  return c;
}

fn prng_u32(seed: u32, name_hash: u32, stream: u32, index: u32) -> u32 {
  return philox4x32_10(vec4<u32>(index, stream, 0u, 0u), vec2<u32>(seed, name_hash)).x;
}

fn prng_unit(seed: u32, name_hash: u32, stream: u32, index: u32) -> f32 {
  return f32(prng_u32(seed, name_hash, stream, index) >> 8u) * (1.0 / 16777216.0);
}
