/** Errors of the merge engine; codes cross the worker boundary as data. */

export type EngineErrorCode = "PLAN_INVALID" | "UNSUPPORTED_DTYPE" | "SOURCE_SHORT_READ" | "CANCELLED" | "OUTPUT_MISMATCH";

/** An engine failure with a message that names the tensor or file and what to do. */
export class EngineError extends Error {
  override readonly name = "EngineError";
  constructor(readonly code: EngineErrorCode, message: string) {
    super(message);
  }
}
