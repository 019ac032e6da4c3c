/** Errors of the WebGPU layer; each message says what the user can do. */
export type GpuErrorCode = "GPU_UNAVAILABLE" | "GPU_LOST" | "GPU_LIMIT" | "GPU_VALIDATION";

export class GpuError extends Error {
  override readonly name = "GpuError";
  constructor(
    readonly code: GpuErrorCode,
    message: string,
  ) {
    super(message);
  }
}
