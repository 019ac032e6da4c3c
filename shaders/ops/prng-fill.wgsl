// Fill out[i] with the PRNG's raw u32 for element index start + i (common/prng.wgsl); used to
// check the WGSL Philox against src/core/numeric/prng.ts bit for bit.
// Bindings: 0 out u32 (read_write), 1 uniform PrngFillParams. Entry point: prng_fill.
// Requires: common/index.wgsl, common/prng.wgsl.

struct PrngFillParams { count: u32, start: u32, seed: u32, name_hash: u32, stream: u32 }

@group(0) @binding(0) var<storage, read_write> pf_out: array<u32>;
@group(0) @binding(1) var<uniform> pf: PrngFillParams;

override WG: u32 = 256u;

@compute @workgroup_size(WG)
fn prng_fill(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = flat_group(wid, nwg) * WG + lid.x;
  if (i >= pf.count) { return; }
  pf_out[i] = prng_u32(pf.seed, pf.name_hash, pf.stream, pf.start + i);
}
