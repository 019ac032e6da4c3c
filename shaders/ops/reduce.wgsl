// Tiled reductions of one term per element, f32 inside a workgroup, finished by the caller in f64:
//   op 0: a   op 1: |a|   op 2: a^2   op 3: (a != 0)   op 4: a*b
// where a = ra[off_a + j], b = rb[off_b + j]. Used for norms and dot products (slerp, nuslerp,
// multislerp, karcher, model_stock: mergekit's torch.norm / dot over the flattened tensor or one
// axis), L1 sums (DARE/DELLA rescale) and mean squares (SCE).
// Bindings: 0 ra (read), 1 rb (read), 2 partials f32 (read_write), 3 uniform ReduceParams.
// Entry points:
//   reduce_all:  group g sums j in [g*WG*ITEMS, (g+1)*WG*ITEMS) -> partials[out_off + g]
//   reduce_rows: group r sums row r (j in [r*row_len, (r+1)*row_len)) -> partials[out_off + r]
//   reduce_cols: invocation c sums column c (j = c + r*row_len, r < rows) -> partials[out_off + c]
// Requires: common/index.wgsl.

struct ReduceParams { count: u32, off_a: u32, off_b: u32, op: u32, out_off: u32, row_len: u32, rows: u32 }

@group(0) @binding(0) var<storage, read> ra: array<f32>;
@group(0) @binding(1) var<storage, read> rb: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;
@group(0) @binding(3) var<uniform> rp: ReduceParams;

const RWG: u32 = 256u;
const ITEMS: u32 = 16u;

var<workgroup> scratch: array<f32, 256>;

fn term(j: u32) -> f32 {
  let a = ra[rp.off_a + j];
  switch (rp.op) {
    case 0u: { return a; }
    case 1u: { return abs(a); }
    case 2u: { return a * a; }
    case 3u: { return select(0.0, 1.0, a != 0.0); }
    default: { return a * rb[rp.off_b + j]; }
  }
}

fn tree_sum(lid: u32, acc: f32) -> f32 {
  scratch[lid] = acc;
  workgroupBarrier();
  for (var s = RWG / 2u; s > 0u; s = s >> 1u) {
    if (lid < s) { scratch[lid] = scratch[lid] + scratch[lid + s]; }
    workgroupBarrier();
  }
  return scratch[0];
}

@compute @workgroup_size(RWG)
fn reduce_all(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let g = flat_group(wid, nwg);
  let start = g * RWG * ITEMS;
  var acc = 0.0;
  for (var k = 0u; k < ITEMS; k = k + 1u) {
    let j = start + k * RWG + lid.x;
    if (j < rp.count) { acc = acc + term(j); }
  }
  let total = tree_sum(lid.x, acc);
  // Grids can hold a few more groups than needed (dispatch.ts); they must not write past this item.
  if (lid.x == 0u && start < rp.count) { partials[rp.out_off + g] = total; }
}

@compute @workgroup_size(RWG)
fn reduce_rows(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let r = flat_group(wid, nwg);
  var acc = 0.0;
  if (r < rp.rows) {
    for (var c = lid.x; c < rp.row_len; c = c + RWG) { acc = acc + term(r * rp.row_len + c); }
  }
  let total = tree_sum(lid.x, acc);
  if (lid.x == 0u && r < rp.rows) { partials[rp.out_off + r] = total; }
}

@compute @workgroup_size(RWG)
fn reduce_cols(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let c = flat_group(wid, nwg) * RWG + lid.x;
  if (c >= rp.row_len) { return; }
  var acc = 0.0;
  for (var r = 0u; r < rp.rows; r = r + 1u) { acc = acc + term(r * rp.row_len + c); }
  partials[rp.out_off + c] = acc;
}
