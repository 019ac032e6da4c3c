/**
 * Decode a golden case file and turn it into the MethodInputs of the merge-method contract.
 * Browser-safe (no node: imports): takes the file bytes.
 */
import { parseSafetensorsFile } from "../../core/safetensors/parse-file.ts";
import { decodeTensorToF32 } from "../../core/safetensors/tensor-codec.ts";
import { roundToBf16 } from "../../core/numeric/bf16.ts";
import type { MethodInputs } from "../../core/methods/types.ts";
import { type GoldenCase, outputDtypeOf } from "./manifest.ts";

/** The decoded tensors of one case file. */
export interface GoldenTensors {
  models: Float32Array[];
  base: Float32Array | null;
  /** `expected` (exact cases) or null. */
  expected: Float32Array | null;
}

/** Decode a case's safetensors bytes into f32 tensors. */
export function decodeGoldenCase(c: GoldenCase, file: Uint8Array): GoldenTensors {
  const header = parseSafetensorsFile(file);
  const get = (name: string): Float32Array => {
    const t = header.byName.get(name);
    if (!t) throw new Error(`${c.file}: case ${c.id} has no tensor "${name}" (has ${[...header.byName.keys()].join(", ")}).`);
    const start = header.dataStart + t.dataOffsets[0];
    return decodeTensorToF32(file.subarray(start, header.dataStart + t.dataOffsets[1]), t.dtype, `${c.file}:${name}`);
  };
  return {
    models: c.inputs.models.map(get),
    base: c.inputs.base === null ? null : get(c.inputs.base),
    expected: c.kind === "exact" ? get("expected") : null,
  };
}

/** MethodInputs for a case: resolved_params give every parameter; null per-model values are omitted. */
export function goldenMethodInputs(c: GoldenCase, t: GoldenTensors, tensorName: string, seed = 0): MethodInputs {
  const perModel = c.resolved_params.models.map((m) => {
    const r: Record<string, number> = {};
    for (const [k, v] of Object.entries(m)) if (v !== null) r[k] = v;
    return r;
  });
  return {
    models: t.models,
    base: t.base,
    shape: c.shape,
    global: { ...c.resolved_params.global },
    perModel,
    seed,
    tensorName,
  };
}

/** The output as the case compares it: rounded to bf16 when the case's output dtype is BF16. */
export function finalizeGoldenOutput(c: GoldenCase, out: Float32Array): Float32Array {
  return outputDtypeOf(c) === "BF16" ? roundToBf16(out) : out;
}
