/**
 * Small helpers shared by the reference implementations: input validation with clear errors,
 * and f64 reductions (the references accumulate in f64; the golden tolerances allow it).
 */
import type { MethodInputs } from "./types.ts";

/** Thrown for inputs a method cannot merge (wrong count, shape mismatch, bad parameter). */
export class MethodInputError extends Error {
  override readonly name = "MethodInputError";
}

/** Element count of a shape (1 for a scalar). */
export function numelOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Check that every model (and the base, when `base` is "required") has numel(shape) elements
 * and that the model count is in range; returns numel.
 */
export function checkInputs(
  method: string,
  inputs: MethodInputs,
  rule: { base: "required" | "optional" | "unused"; min: number; max?: number },
): number {
  const n = numelOf(inputs.shape);
  const fix = "all inputs of one merged tensor must have the same shape";
  inputs.models.forEach((m, i) => {
    if (m.length !== n) {
      throw new MethodInputError(
        `${method}: model ${i} of tensor "${inputs.tensorName}" has ${m.length} elements but shape [${inputs.shape.join(", ")}] needs ${n}; ${fix}.`,
      );
    }
  });
  if (rule.base === "required" && inputs.base === null) {
    throw new MethodInputError(`${method}: tensor "${inputs.tensorName}" needs a base model; set base_model in the recipe.`);
  }
  if (inputs.base !== null && inputs.base.length !== n) {
    throw new MethodInputError(
      `${method}: the base of tensor "${inputs.tensorName}" has ${inputs.base.length} elements but shape [${inputs.shape.join(", ")}] needs ${n}; ${fix}.`,
    );
  }
  const count = inputs.models.length;
  if (count < rule.min || (rule.max !== undefined && count > rule.max)) {
    const want = rule.max === undefined ? `at least ${rule.min}` : rule.min === rule.max ? `exactly ${rule.min}` : `${rule.min} to ${rule.max}`;
    throw new MethodInputError(`${method}: got ${count} non-base models for tensor "${inputs.tensorName}", needs ${want}.`);
  }
  if (inputs.perModel.length !== count) {
    throw new MethodInputError(`${method}: ${inputs.perModel.length} per-model parameter sets for ${count} models.`);
  }
  return n;
}

/** A per-model numeric parameter, with a clear error when missing. */
export function perModelNumber(method: string, inputs: MethodInputs, i: number, name: string, def?: number): number {
  const v = inputs.perModel[i]?.[name];
  if (typeof v === "number") return v;
  if (def !== undefined) return def;
  throw new MethodInputError(`${method}: model ${i} has no "${name}" for tensor "${inputs.tensorName}"; add parameters: {${name}: ...} to it.`);
}

/** A global parameter as a number (bools become 0/1, like pydantic's coercion), with a clear error when missing. */
export function globalNumber(method: string, inputs: MethodInputs, name: string, def?: number): number {
  const v = inputs.global[name];
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (def !== undefined) return def;
  throw new MethodInputError(`${method}: missing global parameter "${name}" for tensor "${inputs.tensorName}"; add it under parameters:.`);
}

/** A global boolean parameter (numbers: nonzero = true). */
export function globalBool(inputs: MethodInputs, name: string, def: boolean): boolean {
  const v = inputs.global[name];
  if (v === undefined) return def;
  return typeof v === "boolean" ? v : v !== 0;
}

/** Σ a_i b_i in f64 over [start, start+len) with element stride. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>, start = 0, len = a.length, stride = 1): number {
  let s = 0;
  for (let k = 0, i = start; k < len; k++, i += stride) s += a[i] * b[i];
  return s;
}

/** L2 norm in f64 over [start, start+len) with element stride. */
export function norm(a: ArrayLike<number>, start = 0, len = a.length, stride = 1): number {
  return Math.sqrt(dot(a, a, start, len, stride));
}

/** x - base elementwise, in f64. */
export function subtract(x: Float32Array, base: Float32Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] - base[i];
  return out;
}
