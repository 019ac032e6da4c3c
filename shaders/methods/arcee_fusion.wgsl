// arcee_fusion (mergekit merge_methods/arcee_fusion.py), a = base, b = the other model:
//   arcee_kl (one workgroup per row of the last axis; a 1-D tensor is one row):
//     p = softmax(b) + 1e-8, q = softmax(a) + 1e-8, kl[row] = sum p * log(p / q)
//   arcee_importance: imp[j] = |b - a| * kl[row(j)]  -> keys for the quantiles (ops/radix-select)
//   arcee_merge: out = a + (b - a) * (imp >= thr), thr = Q(0.5) + 1.5 (Q(0.75) - Q(0.25))
// Bindings: 0 b (read), 1 a (read), 2 kl per tile row (read_write), 3 out or keys (read_write),
//           4 uniform FusionParams.
// Requires: common/index.wgsl.

struct FusionParams { count: u32, row_len: u32, thr: f32 }

@group(0) @binding(0) var<storage, read> af_b: array<f32>;
@group(0) @binding(1) var<storage, read> af_a: array<f32>;
@group(0) @binding(2) var<storage, read_write> af_kl: array<f32>;
@group(0) @binding(3) var<storage, read_write> af_out: array<f32>;
@group(0) @binding(4) var<uniform> af: FusionParams;

const KWG: u32 = 256u;
var<workgroup> red_a: array<f32, 256>;
var<workgroup> red_b: array<f32, 256>;

// Reduce (red_a, red_b) over the workgroup; is_max selects max instead of sum.
fn reduce_pair(lid: u32, is_max: bool) -> vec2<f32> {
  workgroupBarrier();
  for (var s = KWG / 2u; s > 0u; s = s >> 1u) {
    if (lid < s) {
      if (is_max) {
        red_a[lid] = max(red_a[lid], red_a[lid + s]);
        red_b[lid] = max(red_b[lid], red_b[lid + s]);
      } else {
        red_a[lid] = red_a[lid] + red_a[lid + s];
        red_b[lid] = red_b[lid] + red_b[lid + s];
      }
    }
    workgroupBarrier();
  }
  let r = vec2<f32>(red_a[0], red_b[0]);
  workgroupBarrier();
  return r;
}

@compute @workgroup_size(KWG)
fn arcee_kl(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row = flat_group(wid, nwg);
  let rows = af.count / af.row_len;
  let valid = row < rows;
  let start = row * af.row_len;
  var ma = -3.0e38;
  var mb = -3.0e38;
  if (valid) {
    for (var c = lid.x; c < af.row_len; c = c + KWG) {
      ma = max(ma, af_a[start + c]);
      mb = max(mb, af_b[start + c]);
    }
  }
  red_a[lid.x] = ma;
  red_b[lid.x] = mb;
  let m = reduce_pair(lid.x, true);
  var sa = 0.0;
  var sb = 0.0;
  if (valid) {
    for (var c = lid.x; c < af.row_len; c = c + KWG) {
      sa = sa + exp(af_a[start + c] - m.x);
      sb = sb + exp(af_b[start + c] - m.y);
    }
  }
  red_a[lid.x] = sa;
  red_b[lid.x] = sb;
  let z = reduce_pair(lid.x, false);
  var kl = 0.0;
  if (valid) {
    for (var c = lid.x; c < af.row_len; c = c + KWG) {
      let p = exp(af_b[start + c] - m.y) / z.y + 1e-8;
      let q = exp(af_a[start + c] - m.x) / z.x + 1e-8;
      kl = kl + p * log(p / q);
    }
  }
  red_a[lid.x] = kl;
  red_b[lid.x] = 0.0;
  let total = reduce_pair(lid.x, false);
  if (valid && lid.x == 0u) { af_kl[row] = total.x; }
}

fn importance(j: u32) -> f32 {
  return abs(af_b[j] - af_a[j]) * af_kl[j / af.row_len];
}

@compute @workgroup_size(KWG)
fn arcee_importance(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = flat_group(wid, nwg) * KWG + lid.x;
  if (j >= af.count) { return; }
  af_out[j] = importance(j);
}

@compute @workgroup_size(KWG)
fn arcee_merge(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = flat_group(wid, nwg) * KWG + lid.x;
  if (j >= af.count) { return; }
  let a = af_a[j];
  let b = af_b[j];
  af_out[j] = select(a, a + (b - a), importance(j) >= af.thr);
}
