/** Typed Hub errors: the UI and the CLI branch on `code`, never on the message text. */

export type HubErrorCode =
  | "INVALID_REFERENCE"
  | "GATED"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "REPO_NOT_FOUND"
  | "REVISION_NOT_FOUND"
  | "ENTRY_NOT_FOUND"
  | "RATE_LIMITED"
  | "HTTP"
  | "NETWORK"
  | "RANGE_UNSUPPORTED"
  | "BAD_RESPONSE";

/** Codes worth retrying (the request may succeed later without user action). */
export const TRANSIENT_HUB_CODES: ReadonlySet<HubErrorCode> = new Set(["RATE_LIMITED", "HTTP", "NETWORK"]);

/** An error talking to the Hub. `url` never contains a token. */
export class HubError extends Error {
  override readonly name = "HubError";
  readonly code: HubErrorCode;
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  readonly url: string;
  /** For RATE_LIMITED: how long the server asked to wait (Retry-After), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(code: HubErrorCode, message: string, opts: { status?: number; url?: string; retryAfterMs?: number } = {}) {
    super(message);
    this.code = code;
    this.status = opts.status ?? 0;
    this.url = stripQuery(opts.url ?? "");
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** Signed URLs carry credentials in the query string: never show it. */
function stripQuery(url: string): string {
  const q = url.indexOf("?");
  return q < 0 ? url : `${url.slice(0, q)}?…`;
}
