// Weighted sum of the model stack and the base, with coefficients per segment:
//   out[j] = sum_i coef[s*(n+1) + i] * stack[i*count + j] + coef[s*(n+1) + n] * base[j]
// seg_mode 0: s = 0 (whole tensor); 1: s = row of element tile_start + j; 2: s = its column.
// This is the final pass of every method whose per-tensor (or per-row) scalars are finished on the
// CPU: linear, slerp, nuslerp, multislerp, karcher, model_stock (mergekit computes the same linear
// combinations with torch ops after its norms/dots).
// Bindings: 0 stack (read), 1 base (read; any buffer when has_base = 0), 2 coef (read),
//           3 out (read_write), 4 uniform CombineParams.
// Entry point: combine_main (one invocation per element).
// Requires: common/index.wgsl.

struct CombineParams { count: u32, n: u32, has_base: u32, seg_mode: u32, row_len: u32, tile_start: u32 }

@group(0) @binding(0) var<storage, read> cb_stack: array<f32>;
@group(0) @binding(1) var<storage, read> cb_base: array<f32>;
@group(0) @binding(2) var<storage, read> cb_coef: array<f32>;
@group(0) @binding(3) var<storage, read_write> cb_out: array<f32>;
@group(0) @binding(4) var<uniform> cb: CombineParams;

override WG: u32 = 256u;

@compute @workgroup_size(WG)
fn combine_main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = flat_group(wid, nwg) * WG + lid.x;
  if (j >= cb.count) { return; }
  var s = 0u;
  if (cb.seg_mode == 1u) { s = (cb.tile_start + j) / cb.row_len; }
  if (cb.seg_mode == 2u) { s = (cb.tile_start + j) % cb.row_len; }
  let c0 = s * (cb.n + 1u);
  var acc = 0.0;
  for (var i = 0u; i < cb.n; i = i + 1u) { acc = acc + cb_coef[c0 + i] * cb_stack[i * cb.count + j]; }
  if (cb.has_base == 1u) { acc = acc + cb_coef[c0 + cb.n] * cb_base[j]; }
  cb_out[j] = acc;
}
