// Fused weighted sum straight from raw bf16 words to raw bf16 words, for whole-tensor
// coefficients (linear): out[j] = sum_i coef[i] * model_i[j], accumulated in f32 in the same
// order as ops/combine.wgsl, then rounded to nearest even. It replaces decode + combine + encode
// (three passes and an f32 stack) by one pass over half as many invocations: the merge of the
// most common recipes is bound by memory traffic on a GPU and by invocations on SwiftShader.
// Bindings: 0 raw words of the n models (model i at [i*words_per_model ..)), 1 coef (read),
//           2 out words (read_write), 3 uniform RawCombineParams.
// Entry point: combine_bf16_words (one invocation per output word = 2 elements).
// Requires: common/bf16.wgsl, common/index.wgsl.

struct RawCombineParams { words: u32, count: u32, n: u32, words_per_model: u32 }

@group(0) @binding(0) var<storage, read> rc_src: array<u32>;
@group(0) @binding(1) var<storage, read> rc_coef: array<f32>;
@group(0) @binding(2) var<storage, read_write> rc_out: array<u32>;
@group(0) @binding(3) var<uniform> rc: RawCombineParams;

override WG: u32 = 256u;

@compute @workgroup_size(WG)
fn combine_bf16_words(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let w = flat_group(wid, nwg) * WG + lid.x;
  if (w >= rc.words) { return; }
  var lo = 0.0;
  var hi = 0.0;
  for (var i = 0u; i < rc.n; i = i + 1u) {
    let word = rc_src[i * rc.words_per_model + w];
    let c = rc_coef[i];
    lo = lo + c * bf16_pair_lo(word);
    hi = hi + c * bf16_pair_hi(word);
  }
  var high = f32_to_bf16(hi);
  // An odd element count leaves the last word's upper half as padding: keep it zero.
  if (2u * w + 1u >= rc.count) { high = 0u; }
  rc_out[w] = f32_to_bf16(lo) | (high << 16u);
}
