// Task vectors in place: stack[i*count + j] -= base[j] for every model i (mergekit: delta = x - base,
// computed in the working dtype; here f32).
// Bindings: 0 stack f32 (read_write), 1 base f32 (read), 2 uniform DeltaParams.
// Entry point: delta_main (one invocation per stack element).
// Requires: common/index.wgsl.

struct DeltaParams { count: u32, total: u32 }

@group(0) @binding(0) var<storage, read_write> dl_stack: array<f32>;
@group(0) @binding(1) var<storage, read> dl_base: array<f32>;
@group(0) @binding(2) var<uniform> dl: DeltaParams;

override WG: u32 = 256u;

@compute @workgroup_size(WG)
fn delta_main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let k = flat_group(wid, nwg) * WG + lid.x;
  if (k >= dl.total) { return; }
  dl_stack[k] = dl_stack[k] - dl_base[k % dl.count];
}
