// Keys for breaking ties of a radix select by position: element j whose |x| has the bit pattern
// `bits` gets key = its global index (start + j, as f32 bits); every other element gets
// 0x7fffffff, above any index, so rank q of these keys is the q-th smallest tied index. This makes
// whole-tensor top-k keep exactly k elements, ordering equal magnitudes by position like a stable
// sort (the TS reference's order).
// Bindings: 0 src f32 (read), 1 keys (read_write), 2 uniform TieParams.
// Entry point: tie_keys (one invocation per element).
// Requires: common/index.wgsl.

struct TieParams { count: u32, off: u32, bits: u32, start: u32 }

@group(0) @binding(0) var<storage, read> tk_src: array<f32>;
@group(0) @binding(1) var<storage, read_write> tk_keys: array<u32>;
@group(0) @binding(2) var<uniform> tk: TieParams;

override WG: u32 = 256u;

@compute @workgroup_size(WG)
fn tie_keys(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = flat_group(wid, nwg) * WG + lid.x;
  if (j >= tk.count) { return; }
  let m = bitcast<u32>(tk_src[tk.off + j]) & 0x7fffffffu;
  tk_keys[j] = select(0x7fffffffu, tk.start + j, m == tk.bits);
}
