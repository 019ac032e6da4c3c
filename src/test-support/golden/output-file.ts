/**
 * The harness output format of golden/README.md: one safetensors file per case, `<id>.safetensors`,
 * holding a single tensor `output` (F32 or BF16). Browser-safe, so the WGSL harness can use it.
 */
import { buildSafetensorsHeader } from "../../core/safetensors/build-header.ts";
import { parseSafetensorsFile } from "../../core/safetensors/parse-file.ts";
import { decodeTensorToF32, encodeF32ToTensor } from "../../core/safetensors/tensor-codec.ts";
import { type GoldenCase, outputDtypeOf } from "./manifest.ts";

/** File name of a case's output. */
export function goldenOutputName(c: GoldenCase): string {
  return `${c.id}.safetensors`;
}

/** Encode a raw f32 output as the case's output file (BF16 cases are rounded to bf16). */
export function encodeGoldenOutput(c: GoldenCase, out: Float32Array): Uint8Array {
  const dtype = outputDtypeOf(c);
  const header = buildSafetensorsHeader([{ name: "output", dtype, shape: c.shape }]);
  const data = encodeF32ToTensor(out, dtype, `${c.id}:output`);
  const file = new Uint8Array(header.dataStart + data.length);
  file.set(header.bytes, 0);
  file.set(data, header.dataStart);
  return file;
}

/** Decode the `output` tensor of an output file (any float dtype), checking its shape. */
export function decodeGoldenOutput(c: GoldenCase, file: Uint8Array): Float32Array {
  const header = parseSafetensorsFile(file);
  const t = header.byName.get("output");
  if (!t) throw new Error(`${goldenOutputName(c)}: no tensor named "output" (has ${[...header.byName.keys()].join(", ")}).`);
  if (t.shape.join(",") !== c.shape.join(",")) {
    throw new Error(`${goldenOutputName(c)}: output has shape [${t.shape.join(", ")}], the case needs [${c.shape.join(", ")}].`);
  }
  const bytes = file.subarray(header.dataStart + t.dataOffsets[0], header.dataStart + t.dataOffsets[1]);
  return decodeTensorToF32(bytes, t.dtype, `${goldenOutputName(c)}:output`);
}
