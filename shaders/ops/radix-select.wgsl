// One pass of a most-significant-digit radix select over keys |x| (as u32 bit patterns, which
// order like the non-negative floats they encode): count, per 8-bit digit at `shift`, the keys
// whose higher digits equal `prefix` (under `mask`). The CPU reads only the 256-bin histogram,
// picks the digit holding the wanted rank, and runs the next pass (4 passes select exactly).
// Whole-tensor top-k / quantiles of mergekit's sparsify.py (magnitude, magnitude_outliers),
// sce.py (variance top-k) and arcee_fusion.py (importance quantiles) use it.
// Bindings: 0 keys f32 (read), 1 hist atomic u32 (read_write), 2 uniform HistParams.
// Entry point: radix_histogram (ITEMS keys per invocation).
// Requires: common/index.wgsl.

struct HistParams { count: u32, off: u32, prefix: u32, mask: u32, shift: u32, hist_off: u32 }

@group(0) @binding(0) var<storage, read> rs_keys: array<f32>;
@group(0) @binding(1) var<storage, read_write> rs_hist: array<atomic<u32>>;
@group(0) @binding(2) var<uniform> rs: HistParams;

const HWG: u32 = 256u;
const HITEMS: u32 = 16u;

var<workgroup> local_hist: array<atomic<u32>, 256>;

@compute @workgroup_size(HWG)
fn radix_histogram(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  atomicStore(&local_hist[lid.x], 0u);
  workgroupBarrier();
  let start = flat_group(wid, nwg) * HWG * HITEMS;
  for (var k = 0u; k < HITEMS; k = k + 1u) {
    let j = start + k * HWG + lid.x;
    if (j < rs.count) {
      let bits = bitcast<u32>(rs_keys[rs.off + j]) & 0x7fffffffu;
      if ((bits & rs.mask) == rs.prefix) { atomicAdd(&local_hist[(bits >> rs.shift) & 0xffu], 1u); }
    }
  }
  workgroupBarrier();
  let v = atomicLoad(&local_hist[lid.x]);
  if (v > 0u) { atomicAdd(&rs_hist[rs.hist_off + lid.x], v); }
}
