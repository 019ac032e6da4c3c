// bf16 <-> f32, bit-exact with src/core/numeric/bf16.ts.
// bf16 values are stored two per u32 (element 2i in the low half, 2i+1 in the high half),
// because WGSL has no 16-bit storage type without the shader-f16 feature.

fn bf16_to_f32(bits: u32) -> f32 {
  return bitcast<f32>((bits & 0xffffu) << 16u);
}

// Round to nearest, ties to even; NaN stays a quiet NaN (never rounds up into Inf).
fn f32_bits_to_bf16(u: u32) -> u32 {
  if ((u & 0x7fffffffu) > 0x7f800000u) {
    return ((u >> 16u) | 0x0040u) & 0xffffu;
  }
  let lsb = (u >> 16u) & 1u;
  return ((u + 0x7fffu + lsb) >> 16u) & 0xffffu;
}

fn f32_to_bf16(x: f32) -> u32 { return f32_bits_to_bf16(bitcast<u32>(x)); }

fn bf16_pair_lo(word: u32) -> f32 { return bitcast<f32>(word << 16u); }
fn bf16_pair_hi(word: u32) -> f32 { return bitcast<f32>(word & 0xffff0000u); }
fn pack_bf16_pair(lo: f32, hi: f32) -> u32 { return f32_to_bf16(lo) | (f32_to_bf16(hi) << 16u); }
