// nearswap (mergekit merge_methods/nearswap.py), elementwise:
//   w = clamp(t / max(|base - b|, 1e-6), 0, 1);  out = w * b + (1 - w) * base
// Bindings: 0 stack (read; the one other model), 1 base (read), 2 out (read_write), 3 uniform.
// Entry point: nearswap_main (one invocation per element).
// Requires: common/index.wgsl.

struct NearswapParams { count: u32, t: f32 }

@group(0) @binding(0) var<storage, read> ns_b: array<f32>;
@group(0) @binding(1) var<storage, read> ns_base: array<f32>;
@group(0) @binding(2) var<storage, read_write> ns_out: array<f32>;
@group(0) @binding(3) var<uniform> ns: NearswapParams;

override WG: u32 = 256u;

@compute @workgroup_size(WG)
fn nearswap_main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = flat_group(wid, nwg) * WG + lid.x;
  if (j >= ns.count) { return; }
  let a = ns_base[j];
  let b = ns_b[j];
  let w = clamp(ns.t / max(abs(a - b), 1e-6), 0.0, 1.0);
  ns_out[j] = w * b + (1.0 - w) * a;
}
