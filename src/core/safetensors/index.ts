// Public surface of the safetensors core: parse, validate, decode, lay out and index files.
export * from "./dtype.ts";
export * from "./errors.ts";
export * from "./types.ts";
export { readHeaderLength, parseSafetensorsHeader, DEFAULT_MAX_HEADER_LENGTH } from "./parse-header.ts";
export type { HeaderLengthOptions, ParseHeaderOptions } from "./parse-header.ts";
export { validateTensorEntry } from "./validate-tensor-entry.ts";
export * from "./tensor-codec.ts";
export * from "./build-header.ts";
export * from "./shard-filename.ts";
export * from "./index-json.ts";
export { parseSafetensorsFile } from "./parse-file.ts";
