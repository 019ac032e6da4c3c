/** One entry point for a case: decoded tensors + an output -> pass/fail with a message. */
import { type CheckResult, checkExact } from "./check-exact.ts";
import { checkStatistical } from "./check-statistical.ts";
import { finalizeGoldenOutput, type GoldenTensors } from "./case-inputs.ts";
import type { GoldenCase } from "./manifest.ts";

/**
 * Check a method's raw f32 output against a case: BF16-output cases are rounded to bf16 first;
 * exact cases use the tolerance rule, statistical cases the README's checks.
 */
export function checkGoldenCase(c: GoldenCase, t: GoldenTensors, rawOut: Float32Array): CheckResult {
  const out = finalizeGoldenOutput(c, rawOut);
  if (c.kind === "exact") {
    if (!t.expected || !c.tolerance) return { ok: false, message: `${c.id}: exact case without expected tensor or tolerance` };
    return checkExact(out, t.expected, c.tolerance);
  }
  if (!c.statistical || !t.base) return { ok: false, message: `${c.id}: statistical case without statistical block or base` };
  return checkStatistical(c.statistical, c.shape, t.models, t.base, out);
}
