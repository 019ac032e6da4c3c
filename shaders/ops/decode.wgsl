// Decode one tile of raw tensor bytes into f32, written at dst[dst_offset + i].
// Math: bf16 -> bits << 16 (exact); f16 -> common/f16.wgsl (exact); f32 -> copy of the bits.
// Mirrors the load-time upcast mergekit does before computing in f32 (LoadTensor dtype cast).
// Bindings: 0 raw words (read), 1 dst f32 (read_write), 2 uniform DecodeParams.
// Entry points: decode_bf16, decode_f16, decode_f32 (one invocation per element).
// Requires: common/bf16.wgsl, common/f16.wgsl, common/index.wgsl.

struct DecodeParams { count: u32, dst_offset: u32 }

@group(0) @binding(0) var<storage, read> dec_src: array<u32>;
@group(0) @binding(1) var<storage, read_write> dec_dst: array<f32>;
@group(0) @binding(2) var<uniform> dec: DecodeParams;

override WG: u32 = 256u;

fn half_word(i: u32) -> u32 {
  return (dec_src[i >> 1u] >> ((i & 1u) * 16u)) & 0xffffu;
}

@compute @workgroup_size(WG)
fn decode_bf16(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = flat_group(wid, nwg) * WG + lid.x;
  if (i >= dec.count) { return; }
  dec_dst[dec.dst_offset + i] = bf16_to_f32(half_word(i));
}

@compute @workgroup_size(WG)
fn decode_f16(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = flat_group(wid, nwg) * WG + lid.x;
  if (i >= dec.count) { return; }
  dec_dst[dec.dst_offset + i] = f16_to_f32(half_word(i));
}

@compute @workgroup_size(WG)
fn decode_f32(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = flat_group(wid, nwg) * WG + lid.x;
  if (i >= dec.count) { return; }
  dec_dst[dec.dst_offset + i] = bitcast<f32>(dec_src[i]);
}
