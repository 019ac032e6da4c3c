import { parseSafetensorsHeader, readHeaderLength } from "./parse-header.ts";
import type { SafetensorsHeader } from "./types.ts";

/** Parse the header of a safetensors file held whole in memory (tests, small local files). */
export function parseSafetensorsFile(file: Uint8Array, maxHeaderLength?: number): SafetensorsHeader {
  const headerLength = readHeaderLength(file.subarray(0, 8), { fileSize: file.length, maxHeaderLength });
  return parseSafetensorsHeader(file.subarray(8, 8 + headerLength), { headerLength, fileSize: file.length, maxHeaderLength });
}
