/** The exact-case checker: |out - exp| <= max_abs + rel*|exp| for every element. */
import type { GoldenTolerance } from "./manifest.ts";

/** Result of a check: ok, and a one-line message naming the worst element. */
export interface CheckResult {
  ok: boolean;
  message: string;
}

/**
 * Compare elementwise; NaN must match NaN, infinities must match exactly. The message names
 * the worst element (largest error / allowed ratio) whether or not the check passes.
 */
export function checkExact(out: Float32Array, expected: Float32Array, tol: GoldenTolerance): CheckResult {
  if (out.length !== expected.length) {
    return { ok: false, message: `output has ${out.length} elements, expected ${expected.length}` };
  }
  let worst = -1;
  let worstRatio = -1;
  let failures = 0;
  for (let i = 0; i < out.length; i++) {
    const o = out[i];
    const e = expected[i];
    let ratio: number;
    if (Number.isNaN(e) || Number.isNaN(o)) ratio = Number.isNaN(e) && Number.isNaN(o) ? 0 : Infinity;
    else if (!Number.isFinite(e) || !Number.isFinite(o)) ratio = o === e ? 0 : Infinity;
    else ratio = Math.abs(o - e) / (tol.max_abs + tol.rel * Math.abs(e));
    if (ratio > 1) failures++;
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worst = i;
    }
  }
  if (worst < 0) return { ok: true, message: "empty tensor" };
  const o = out[worst];
  const e = expected[worst];
  const detail = `worst element ${worst}: got ${o}, expected ${e}, |diff| ${Math.abs(o - e).toExponential(3)}, allowed ${(tol.max_abs + tol.rel * Math.abs(e)).toExponential(3)}`;
  return failures === 0
    ? { ok: true, message: `all ${out.length} elements within tolerance; ${detail}` }
    : { ok: false, message: `${failures} of ${out.length} elements out of tolerance; ${detail}` };
}
