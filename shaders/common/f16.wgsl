// f16 (IEEE binary16) <-> f32 with plain u32 bit operations, for devices without shader-f16
// (SwiftShader). Encoding rounds to nearest, ties to even; overflow gives Inf; NaN stays a quiet
// NaN with the top payload bits kept. Values are stored two per u32 like bf16 (element 2i low).

fn f16_to_f32(h: u32) -> f32 {
  let sign = (h & 0x8000u) << 16u;
  let e = (h >> 10u) & 0x1fu;
  let m = h & 0x3ffu;
  if (e == 0u) {
    // Zero or subnormal: m * 2^-24 is exact in f32.
    return bitcast<f32>(sign | bitcast<u32>(f32(m) * 5.9604644775390625e-8));
  }
  if (e == 31u) { return bitcast<f32>(sign | 0x7f800000u | (m << 13u)); }
  return bitcast<f32>(sign | ((e + 112u) << 23u) | (m << 13u));
}

fn f32_bits_to_f16(u: u32) -> u32 {
  let sign = (u >> 16u) & 0x8000u;
  let a = u & 0x7fffffffu;
  if (a > 0x7f800000u) { return sign | 0x7e00u | ((a >> 13u) & 0x3ffu); }
  if (a >= 0x47800000u) { return sign | 0x7c00u; }
  if (a >= 0x38800000u) {
    // Normal f16: rebias the exponent (127 -> 15) and round 23 -> 10 mantissa bits.
    let r = a - 0x38000000u;
    return sign | ((r + 0xfffu + ((r >> 13u) & 1u)) >> 13u);
  }
  if (a <= 0x33000000u) { return sign; }
  // Subnormal f16: units of 2^-24; shift the full significand and round half to even.
  let e = a >> 23u;
  let m = (a & 0x7fffffu) | 0x800000u;
  let s = 126u - e;
  var q = m >> s;
  let rem = m & ((1u << s) - 1u);
  let half = 1u << (s - 1u);
  if (rem > half || (rem == half && (q & 1u) == 1u)) { q = q + 1u; }
  return sign | q;
}

fn f32_to_f16(x: f32) -> u32 { return f32_bits_to_f16(bitcast<u32>(x)); }
