/** Stable error codes for everything that can be wrong with a safetensors file or index. */
export type SafetensorsErrorCode =
  | "TRUNCATED"
  | "HEADER_TOO_LARGE"
  | "HEADER_PAST_EOF"
  | "BAD_UTF8"
  | "BAD_JSON"
  | "JSON_TOO_DEEP"
  | "NOT_AN_OBJECT"
  | "BAD_METADATA"
  | "BAD_ENTRY"
  | "BAD_DTYPE"
  | "BAD_SHAPE"
  | "BAD_OFFSETS"
  | "SIZE_MISMATCH"
  | "OFFSETS_PAST_EOF"
  | "OFFSETS_OVERLAP"
  | "OFFSETS_GAP"
  | "INCOMPLETE_BUFFER"
  | "DUPLICATE_TENSOR"
  | "BAD_TENSOR_DATA"
  | "BAD_SHARD_NAME"
  | "BAD_INDEX";

/**
 * A corrupt, hostile or unsupported safetensors header, tensor or index file. The message says
 * what is wrong, where (tensor name / field), and how to fix it; `code` is stable for programs.
 */
export class SafetensorsError extends Error {
  override readonly name = "SafetensorsError";
  readonly code: SafetensorsErrorCode;

  constructor(code: SafetensorsErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
