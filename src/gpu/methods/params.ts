/** Reading resolved parameters with errors that name the method, tensor and parameter. */
import { GpuError } from "../errors.ts";
import type { MergeContext } from "../merge/context.ts";

function where(ctx: MergeContext): string {
  return `${ctx.req.method} on tensor ${ctx.req.tensorName}`;
}

/** A global number (booleans count as 0/1, like mergekit's pydantic coercion); `fallback` when absent. */
export function globalNumber(ctx: MergeContext, name: string, fallback?: number): number {
  const v = ctx.req.global[name] as number | boolean | null | undefined;
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    throw new GpuError("GPU_VALIDATION", `${where(ctx)}: missing required parameter "${name}". Set it under parameters: in the recipe.`);
  }
  return typeof v === "boolean" ? (v ? 1 : 0) : v;
}

/** A global boolean (numbers: nonzero is true). */
export function globalBool(ctx: MergeContext, name: string, fallback: boolean): boolean {
  const v = ctx.req.global[name] as number | boolean | null | undefined;
  if (v === undefined || v === null) return fallback;
  return typeof v === "boolean" ? v : v !== 0;
}

/** One per-model number for every model; `fallback` when a model lacks it. */
export function perModelNumbers(ctx: MergeContext, name: string, fallback?: number): number[] {
  return ctx.req.perModel.map((p, i) => {
    const v = p[name] as number | null | undefined; // null in JSON = "not set" (mergekit's None)
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback;
      throw new GpuError("GPU_VALIDATION", `${where(ctx)}: model ${i} has no "${name}". Give every model a ${name} (or set it once under the top-level parameters:).`);
    }
    return v;
  });
}

/** Fail with a clear message unless the request has a base model. */
export function requireBase(ctx: MergeContext): void {
  if (!ctx.req.base) throw new GpuError("GPU_VALIDATION", `${where(ctx)}: this method needs base_model. Add base_model: to the recipe.`);
}

/** Fail unless the number of non-base models is within [min, max]. */
export function requireModels(ctx: MergeContext, min: number, max = Infinity): void {
  const n = ctx.n;
  if (n < min || n > max) {
    const want = max === min ? `exactly ${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new GpuError("GPU_VALIDATION", `${where(ctx)}: got ${n} non-base model(s), needs ${want}.`);
  }
}
