// Generalized task arithmetic (mergekit merge_methods/generalized_task_arithmetic.py + sparsify.py):
// task_arithmetic, ties, dare_ties, dare_linear, breadcrumbs, breadcrumbs_ties, della, della_linear.
//   gta_sparsify: m_i = d_i * keep_i, per model kind (mp[6i]):
//     0 keep all (density >= 1)          1 drop all (della density <= 0; breadcrumbs empty mask)
//     2 keep the elements between two boundary elements of the order (|d|, position), i.e. a
//       stable ascending sort: magnitude top-k keeps ranks [n-k, n); breadcrumbs keeps
//       [n_bot, n-n_top) (boundaries from ops/radix-select + ops/tie-keys; exactly k kept)
//     3 DARE: keep iff prng_unit(seed, name, i, index) < density
//     4 DELLA: p = (density - eps) + 2 eps (rank - 1)/(L - 1), rank of |d| in its row (1 = smallest,
//       ties by position), keep iff prng_unit(...) < p
//   gta_merge: wd_i = w_i * c_i * m_i (c_i = L1 rescale); with consensus ("sum", as registered):
//     majority = sign(sum_i wd_i) (>= 0 -> +1), mask_i = sign(wd_i) == majority,
//     mixed = sum wd_i mask_i, div = sum w_i mask_i (0 -> 1); else mixed = sum wd_i, div = gta.div.
//     out = base + lambda * (normalize ? mixed / div : mixed).
// Bindings: 0 deltas stack (read), 1 base (read), 2 per-model params (read; 6 words per model:
//   kind, then for kind 2 the u32 bits of lo key, hi key, lo position, hi position (0xffffffff:
//   the key is unique, every equal element is inside), for 3 density, for 4 density and eps;
//   then 2 per model after 6n: w_i, c_i), 3 sparsified stack (read_write), 4 out (read_write),
//   5 uniform GtaParams.
// Requires: common/index.wgsl, common/prng.wgsl.

struct GtaParams {
  count: u32, n: u32, tile_start: u32, row_len: u32, seed: u32, name_hash: u32,
  consensus: u32, normalize: u32, lambda: f32, div: f32,
}

@group(0) @binding(0) var<storage, read> g_delta: array<f32>;
@group(0) @binding(1) var<storage, read> g_base: array<f32>;
@group(0) @binding(2) var<storage, read> g_mp: array<f32>;
@group(0) @binding(3) var<storage, read_write> g_sparse: array<f32>;
@group(0) @binding(4) var<storage, read_write> g_out: array<f32>;
@group(0) @binding(5) var<uniform> gta: GtaParams;

override WG: u32 = 256u;

fn della_rank(i: u32, j: u32) -> u32 {
  let row_start = (j / gta.row_len) * gta.row_len;
  let x = abs(g_delta[i * gta.count + j]);
  var below = 0u;
  for (var t = row_start; t < row_start + gta.row_len; t = t + 1u) {
    let a = abs(g_delta[i * gta.count + t]);
    if (a < x || (a == x && t < j)) { below = below + 1u; }
  }
  return below + 1u;
}

fn keep(i: u32, j: u32, d: f32) -> bool {
  let kind = u32(g_mp[6u * i]);
  let a = g_mp[6u * i + 1u];
  let b = g_mp[6u * i + 2u];
  let index = gta.tile_start + j;
  switch (kind) {
    case 0u: { return true; }
    case 1u: { return false; }
    case 2u: {
      let m = bitcast<u32>(d) & 0x7fffffffu;
      let lo = bitcast<u32>(a);
      let hi = bitcast<u32>(b);
      let lo_pos = bitcast<u32>(g_mp[6u * i + 3u]);
      let hi_pos = bitcast<u32>(g_mp[6u * i + 4u]);
      let above = m > lo || (m == lo && (lo_pos == 0xffffffffu || index >= lo_pos));
      let below = m < hi || (m == hi && (hi_pos == 0xffffffffu || index <= hi_pos));
      return above && below;
    }
    case 3u: { return prng_unit(gta.seed, gta.name_hash, i, index) < a; }
    default: {
      var rn = 0.0;
      if (gta.row_len > 1u) { rn = f32(della_rank(i, j) - 1u) / f32(gta.row_len - 1u); }
      let p = (a - b) + 2.0 * b * rn;
      return prng_unit(gta.seed, gta.name_hash, i, index) < p;
    }
  }
}

@compute @workgroup_size(WG)
fn gta_sparsify(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = flat_group(wid, nwg) * WG + lid.x;
  if (j >= gta.count) { return; }
  for (var i = 0u; i < gta.n; i = i + 1u) {
    let d = g_delta[i * gta.count + j];
    // d * 0 like torch's delta * mask: a dropped NaN stays NaN.
    g_sparse[i * gta.count + j] = select(d * 0.0, d, keep(i, j, d));
  }
}

@compute @workgroup_size(WG)
fn gta_merge(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = flat_group(wid, nwg) * WG + lid.x;
  if (j >= gta.count) { return; }
  let wo = 6u * gta.n;
  var total = 0.0;
  for (var i = 0u; i < gta.n; i = i + 1u) {
    total = total + g_mp[wo + 2u * i] * g_mp[wo + 2u * i + 1u] * g_sparse[i * gta.count + j];
  }
  let majority = select(-1.0, 1.0, total >= 0.0);
  var mixed = 0.0;
  var div = gta.div;
  if (gta.consensus == 1u) {
    div = 0.0;
    for (var i = 0u; i < gta.n; i = i + 1u) {
      let w = g_mp[wo + 2u * i];
      let wd = w * g_mp[wo + 2u * i + 1u] * g_sparse[i * gta.count + j];
      if (sign(wd) == majority) {
        mixed = mixed + wd;
        div = div + w;
      }
    }
    if (div == 0.0) { div = 1.0; }
  } else {
    mixed = total;
  }
  if (gta.normalize == 1u) { mixed = mixed / div; }
  g_out[j] = g_base[j] + gta.lambda * mixed;
}
