// Encode f32 values src[src_offset + i], i < count, into the output dtype's raw words.
// Math: bf16 and f16 round to nearest even (common/bf16.wgsl, common/f16.wgsl); f32 copies bits.
// Mirrors mergekit's SaveTensor cast to out_dtype.
// Bindings: 0 src f32 (read), 1 dst words (read_write), 2 uniform EncodeParams.
// Entry points: encode_bf16 / encode_f16 (one invocation per output word = 2 elements), encode_f32.
// Requires: common/bf16.wgsl, common/f16.wgsl, common/index.wgsl.

struct EncodeParams { count: u32, src_offset: u32 }

@group(0) @binding(0) var<storage, read> enc_src: array<u32>;
@group(0) @binding(1) var<storage, read_write> enc_dst: array<u32>;
@group(0) @binding(2) var<uniform> enc: EncodeParams;

override WG: u32 = 256u;

@compute @workgroup_size(WG)
fn encode_bf16(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let w = flat_group(wid, nwg) * WG + lid.x;
  let i = w * 2u;
  if (i >= enc.count) { return; }
  let lo = f32_bits_to_bf16(enc_src[enc.src_offset + i]);
  var hi = 0u;
  if (i + 1u < enc.count) { hi = f32_bits_to_bf16(enc_src[enc.src_offset + i + 1u]); }
  enc_dst[w] = lo | (hi << 16u);
}

@compute @workgroup_size(WG)
fn encode_f16(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let w = flat_group(wid, nwg) * WG + lid.x;
  let i = w * 2u;
  if (i >= enc.count) { return; }
  let lo = f32_bits_to_f16(enc_src[enc.src_offset + i]);
  var hi = 0u;
  if (i + 1u < enc.count) { hi = f32_bits_to_f16(enc_src[enc.src_offset + i + 1u]); }
  enc_dst[w] = lo | (hi << 16u);
}

@compute @workgroup_size(WG)
fn encode_f32(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = flat_group(wid, nwg) * WG + lid.x;
  if (i >= enc.count) { return; }
  enc_dst[i] = enc_src[enc.src_offset + i];
}
