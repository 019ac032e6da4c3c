// ram / ramplus_tl (mergekit merge_methods/ram.py), elementwise over task vectors d_i:
//   nz_i = |d_i| > epsilon, c = sum_i nz_i, unique = (c == 1), over = (c > 1)
//   merged = sum_i nz_i d_i (unique * lambda_i + over / max(c, 1));  out = base + merged
// ram: lambda_i = 1. ramplus_tl: ram_counts first counts, per model, positions that are shared
// (nz_i & over) and unique (nz_i & unique); the CPU turns them into
// lambda_i = 1 + r * clamp(shared_i / max(unique_i, epsilon), 0, alpha).
// Bindings: 0 deltas stack (read), 1 base (read), 2 lambda f32 per model (read),
//           3 out (read_write), 4 counts atomic u32 [shared_0, unique_0, ...] (read_write), 5 uniform.
// Entry points: ram_counts, ram_merge (one invocation per element).
// Requires: common/index.wgsl.

struct RamParams { count: u32, n: u32, epsilon: f32 }

@group(0) @binding(0) var<storage, read> rm_delta: array<f32>;
@group(0) @binding(1) var<storage, read> rm_base: array<f32>;
@group(0) @binding(2) var<storage, read> rm_lambda: array<f32>;
@group(0) @binding(3) var<storage, read_write> rm_out: array<f32>;
@group(0) @binding(4) var<storage, read_write> rm_counts: array<atomic<u32>>;
@group(0) @binding(5) var<uniform> rm: RamParams;

override WG: u32 = 256u;

fn nonzero_count(j: u32) -> u32 {
  var c = 0u;
  for (var i = 0u; i < rm.n; i = i + 1u) {
    if (abs(rm_delta[i * rm.count + j]) > rm.epsilon) { c = c + 1u; }
  }
  return c;
}

@compute @workgroup_size(WG)
fn ram_counts(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = flat_group(wid, nwg) * WG + lid.x;
  if (j >= rm.count) { return; }
  let c = nonzero_count(j);
  if (c == 0u) { return; }
  let slot = select(0u, 1u, c == 1u); // 0 = shared, 1 = unique
  for (var i = 0u; i < rm.n; i = i + 1u) {
    if (abs(rm_delta[i * rm.count + j]) > rm.epsilon) { atomicAdd(&rm_counts[2u * i + slot], 1u); }
  }
}

@compute @workgroup_size(WG)
fn ram_merge(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = flat_group(wid, nwg) * WG + lid.x;
  if (j >= rm.count) { return; }
  let c = nonzero_count(j);
  var merged = 0.0;
  for (var i = 0u; i < rm.n; i = i + 1u) {
    let d = rm_delta[i * rm.count + j];
    if (abs(d) > rm.epsilon) {
      if (c == 1u) { merged = merged + d * rm_lambda[i]; } else { merged = merged + d / f32(max(c, 1u)); }
    }
  }
  rm_out[j] = rm_base[j] + merged;
}
