// Casts between bf16 (packed two per u32) and f32.
// Entry points:
//   bf16_to_f32_main: words[i] -> out[2i], out[2i+1]
//   f32_to_bf16_main: src[2i], src[2i+1] -> words[i] (round to nearest even)
// Bindings: 0 input, 1 output, 2 uniform { count: number of f32 elements }.
// Requires: common/bf16.wgsl.

struct CastParams { count: u32, row_stride: u32 }

@group(0) @binding(0) var<storage, read> cast_in: array<u32>;
@group(0) @binding(1) var<storage, read_write> cast_out: array<u32>;
@group(0) @binding(2) var<uniform> cast_params: CastParams;

override WG: u32 = 256u;

@compute @workgroup_size(WG)
fn bf16_to_f32_main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let w = gid.x + gid.y * cast_params.row_stride;
  let i = w * 2u;
  if (i >= cast_params.count) { return; }
  let word = cast_in[w];
  cast_out[i] = bitcast<u32>(bf16_pair_lo(word));
  if (i + 1u < cast_params.count) { cast_out[i + 1u] = bitcast<u32>(bf16_pair_hi(word)); }
}

@compute @workgroup_size(WG)
fn f32_to_bf16_main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let w = gid.x + gid.y * cast_params.row_stride;
  let i = w * 2u;
  if (i >= cast_params.count) { return; }
  // Work on bit patterns, not f32 values, so NaN payloads and denormals are never touched.
  let lo = f32_bits_to_bf16(cast_in[i]);
  var hi = 0u;
  if (i + 1u < cast_params.count) { hi = f32_bits_to_bf16(cast_in[i + 1u]); }
  cast_out[w] = lo | (hi << 16u);
}
