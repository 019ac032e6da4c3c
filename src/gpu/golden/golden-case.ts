/**
 * Golden cases (../shared/golden/README.md) -> GPU merge requests, and the exact-case check.
 * Browser- and Node-safe: used by the gpu tests and by the `npm run golden` harness page.
 */
import type { MethodName } from "../../core/methods/types.ts";
import { bf16BitsToF32 } from "../../core/numeric/bf16.ts";
import { f16BitsToF32 } from "../../core/numeric/f16.ts";
import { parseSafetensorsFile } from "../../core/safetensors/index.ts";
import type { GpuTensorInput, MergeTensorRequest } from "../merge-tensor.ts";

/** The manifest fields the GPU path reads. */
export interface GoldenCase {
  id: string;
  method: MethodName;
  kind: "exact" | "statistical";
  file: string;
  shape: number[];
  inputs: { models: string[]; base: string | null };
  resolved_params: { global: Record<string, number | boolean>; models: Record<string, number>[] };
  input_dtype: "F32" | "BF16";
  expected_dtype?: "F32" | "BF16";
  output_dtype?: "F32" | "BF16";
  tolerance?: { max_abs: number; rel: number };
  data_seed?: number;
}

export interface GoldenManifest {
  cases: GoldenCase[];
}

/** Raw tensors of a case file by name. */
export function readCaseTensors(file: Uint8Array): Map<string, GpuTensorInput & { shape: number[] }> {
  const header = parseSafetensorsFile(file);
  const out = new Map<string, GpuTensorInput & { shape: number[] }>();
  for (const t of header.tensors) {
    if (t.dtype !== "F32" && t.dtype !== "BF16" && t.dtype !== "F16") throw new Error(`golden tensor ${t.name}: dtype ${t.dtype} is not F32/BF16/F16`);
    const bytes = file.slice(header.dataStart + t.dataOffsets[0], header.dataStart + t.dataOffsets[1]);
    out.set(t.name, { dtype: t.dtype, bytes, shape: t.shape });
  }
  return out;
}

/** The output dtype a case expects. */
export function caseOutDtype(c: GoldenCase): "F32" | "BF16" {
  return c.expected_dtype ?? c.output_dtype ?? c.input_dtype;
}

/** Build the merge request of a case from its decoded file. */
export function caseRequest(c: GoldenCase, tensors: Map<string, GpuTensorInput>): MergeTensorRequest {
  const get = (name: string): GpuTensorInput => {
    const t = tensors.get(name);
    if (!t) throw new Error(`golden case ${c.id}: ${c.file} has no tensor "${name}"`);
    return { dtype: t.dtype, bytes: t.bytes };
  };
  return {
    method: c.method,
    shape: c.shape,
    models: c.inputs.models.map(get),
    base: c.inputs.base ? get(c.inputs.base) : null,
    global: c.resolved_params.global,
    perModel: c.resolved_params.models,
    seed: c.data_seed ?? 0,
    tensorName: c.id,
    outDtype: caseOutDtype(c),
  };
}

/** Decode raw bytes of a dtype to f64 values. */
export function decodeValues(bytes: Uint8Array, dtype: "F32" | "BF16" | "F16"): Float64Array {
  if (dtype === "F32") return Float64Array.from(new Float32Array(bytes.slice().buffer));
  const half = new Uint16Array(bytes.slice().buffer);
  return Float64Array.from(half, dtype === "BF16" ? bf16BitsToF32 : f16BitsToF32);
}

/** Every element within max_abs + rel*|expected| (NaN must meet NaN); returns failures (first few). */
export function exactMismatches(out: Float64Array, expected: Float64Array, tol: { max_abs: number; rel: number }, limit = 5): string[] {
  const bad: string[] = [];
  if (out.length !== expected.length) return [`length ${out.length} != expected ${expected.length}`];
  let count = 0;
  for (let i = 0; i < out.length; i++) {
    const e = expected[i];
    const o = out[i];
    const ok = Number.isNaN(e) ? Number.isNaN(o) : e === o || Math.abs(o - e) <= tol.max_abs + tol.rel * Math.abs(e);
    if (!ok) {
      count++;
      if (bad.length < limit) bad.push(`#${i}: got ${o}, expected ${e} (allowed ${tol.max_abs + tol.rel * Math.abs(e)})`);
    }
  }
  if (count > limit) bad.push(`... ${count} elements out of tolerance in all`);
  return bad;
}
