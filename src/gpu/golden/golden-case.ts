/**
 * A golden case (../shared/golden/README.md) as a GPU merge request, keeping the case's raw
 * input bytes so the GPU decode path (bf16 bit ops) is what gets tested. Browser- and Node-safe:
 * used by the gpu tests and by the `npm run golden` harness page.
 */
import type { MethodName } from "../../core/methods/types.ts";
import { bf16BitsToF32 } from "../../core/numeric/bf16.ts";
import { parseSafetensorsFile } from "../../core/safetensors/index.ts";
import { outputDtypeOf, type GoldenCase } from "../../test-support/golden/manifest.ts";
import type { GpuTensorInput, MergeTensorRequest } from "../merge-tensor.ts";

/** Build the merge request of a case from its file (tensors input.*, base). */
export function caseRequest(c: GoldenCase, file: Uint8Array): MergeTensorRequest {
  const header = parseSafetensorsFile(file);
  const get = (name: string): GpuTensorInput => {
    const t = header.byName.get(name);
    if (!t) throw new Error(`golden case ${c.id}: ${c.file} has no tensor "${name}"`);
    if (t.dtype !== "F32" && t.dtype !== "BF16" && t.dtype !== "F16") throw new Error(`golden case ${c.id}: tensor ${name} is ${t.dtype}; the GPU path reads F32, BF16, F16`);
    return { dtype: t.dtype, bytes: file.slice(header.dataStart + t.dataOffsets[0], header.dataStart + t.dataOffsets[1]) };
  };
  const perModel = c.resolved_params.models.map((m) => {
    const r: Record<string, number> = {};
    for (const [k, v] of Object.entries(m)) if (v !== null) r[k] = v;
    return r;
  });
  return {
    method: c.method as MethodName,
    shape: c.shape,
    models: c.inputs.models.map(get),
    base: c.inputs.base ? get(c.inputs.base) : null,
    global: { ...c.resolved_params.global },
    perModel,
    seed: 0,
    tensorName: c.id,
    outDtype: outputDtypeOf(c),
  };
}

/** Raw output bytes (F32 or BF16) as f32 values. */
export function outputToF32(bytes: Uint8Array, dtype: "F32" | "BF16" | "F16"): Float32Array {
  if (dtype === "F32") return new Float32Array(bytes.slice().buffer);
  if (dtype === "F16") throw new Error("golden outputs are F32 or BF16");
  return Float32Array.from(new Uint16Array(bytes.slice().buffer), bf16BitsToF32);
}
