// sce (mergekit merge_methods/sce.py) over task vectors d_i:
//   sce_variance: key[j] = population variance over models of d_i[j] (torch.var(unbiased=False))
//   sce_mask:     m_i[j] = d_i[j] * keep, keep = 1 (mask_mode 0), 0 (mode 1), var[j] >= thr (mode 2;
//                 thr = k-th largest variance from ops/radix-select, k = int(nnz(var) * select_topk))
//   sce_merge:    erase_i = sign(m_i) == majority (majority = sign of sum_i m_i, >= 0 -> +1, unweighted)
//                 ew_i = s_i * erase_i with s_i = mean(m_i^2) / sum_k mean(m_k^2) (CPU, from GPU sums)
//                 out = base + sum_i m_i ew_i / max(sum_i ew_i, 1e-6)
// Bindings: 0 deltas stack (read), 1 base (read), 2 s f32 per model (read), 3 masked stack
//           (read_write), 4 out or variance keys (read_write), 5 uniform SceParams.
// Requires: common/index.wgsl.

struct SceParams { count: u32, n: u32, mask_mode: u32, thr: f32 }

@group(0) @binding(0) var<storage, read> sc_delta: array<f32>;
@group(0) @binding(1) var<storage, read> sc_base: array<f32>;
@group(0) @binding(2) var<storage, read> sc_s: array<f32>;
@group(0) @binding(3) var<storage, read_write> sc_masked: array<f32>;
@group(0) @binding(4) var<storage, read_write> sc_out: array<f32>;
@group(0) @binding(5) var<uniform> sc: SceParams;

override WG: u32 = 256u;

fn variance(j: u32) -> f32 {
  var mean = 0.0;
  for (var i = 0u; i < sc.n; i = i + 1u) { mean = mean + sc_delta[i * sc.count + j]; }
  mean = mean / f32(sc.n);
  var acc = 0.0;
  for (var i = 0u; i < sc.n; i = i + 1u) {
    let e = sc_delta[i * sc.count + j] - mean;
    acc = acc + e * e;
  }
  return acc / f32(sc.n);
}

@compute @workgroup_size(WG)
fn sce_variance(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = flat_group(wid, nwg) * WG + lid.x;
  if (j >= sc.count) { return; }
  sc_out[j] = variance(j);
}

@compute @workgroup_size(WG)
fn sce_mask(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = flat_group(wid, nwg) * WG + lid.x;
  if (j >= sc.count) { return; }
  var keep = sc.mask_mode == 0u;
  if (sc.mask_mode == 2u) { keep = abs(variance(j)) >= sc.thr; }
  for (var i = 0u; i < sc.n; i = i + 1u) {
    sc_masked[i * sc.count + j] = select(0.0, sc_delta[i * sc.count + j], keep);
  }
}

@compute @workgroup_size(WG)
fn sce_merge(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = flat_group(wid, nwg) * WG + lid.x;
  if (j >= sc.count) { return; }
  var total = 0.0;
  for (var i = 0u; i < sc.n; i = i + 1u) { total = total + sc_masked[i * sc.count + j]; }
  let majority = select(-1.0, 1.0, total >= 0.0);
  var num = 0.0;
  var den = 0.0;
  for (var i = 0u; i < sc.n; i = i + 1u) {
    let m = sc_masked[i * sc.count + j];
    let ew = select(0.0, sc_s[i], sign(m) == majority);
    num = num + m * ew;
    den = den + ew;
  }
  sc_out[j] = sc_base[j] + num / max(den, 1e-6);
}
