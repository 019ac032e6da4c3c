// Fused weighted sum straight from raw bf16 words to raw bf16 words, for whole-tensor
// coefficients (linear): out[j] = sum_i coef[i] * model_i[j], accumulated in f32 in the same
// order as ops/combine.wgsl, then rounded to nearest even. It replaces decode + combine + encode
// (three passes and an f32 stack) by one pass over half as many invocations: the merge of the
// most common recipes is bound by memory traffic on a GPU and by invocations on SwiftShader.
// Bindings: 0 raw words of the n models as vec4 (model i at quad [i*quads_per_model ..)),
//           1 coef (read), 2 out quads (read_write), 3 uniform RawCombineParams.
// Entry point: combine_bf16_words (one invocation per 4 output words = 8 elements: fewer,
// wider invocations; SwiftShader pays per invocation).
// Requires: common/bf16.wgsl, common/index.wgsl.

struct RawCombineParams { quads: u32, count: u32, n: u32, quads_per_model: u32 }

@group(0) @binding(0) var<storage, read> rc_src: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read> rc_coef: array<f32>;
@group(0) @binding(2) var<storage, read_write> rc_out: array<vec4<u32>>;
@group(0) @binding(3) var<uniform> rc: RawCombineParams;

override WG: u32 = 256u;

@compute @workgroup_size(WG)
fn combine_bf16_words(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let q = flat_group(wid, nwg) * WG + lid.x;
  if (q >= rc.quads) { return; }
  var lo = vec4<f32>(0.0);
  var hi = vec4<f32>(0.0);
  for (var i = 0u; i < rc.n; i = i + 1u) {
    let words = rc_src[i * rc.quads_per_model + q];
    let c = rc_coef[i];
    lo = lo + c * bitcast<vec4<f32>>(words << vec4<u32>(16u));
    hi = hi + c * bitcast<vec4<f32>>(words & vec4<u32>(0xffff0000u));
  }
  var out = vec4<u32>(0u);
  for (var k = 0u; k < 4u; k = k + 1u) {
    let e = (q * 4u + k) * 2u;
    var word = 0u;
    if (e < rc.count) { word = f32_to_bf16(lo[k]); }
    // An odd element count leaves the last word's upper half as padding: keep it zero.
    if (e + 1u < rc.count) { word = word | (f32_to_bf16(hi[k]) << 16u); }
    out[k] = word;
  }
  rc_out[q] = out;
}
