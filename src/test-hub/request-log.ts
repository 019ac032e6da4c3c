import type { IncomingMessage } from "node:http";

/** One request as the test Hub saw it: enough to prove where a token went and where it did not. */
export interface LoggedRequest {
  origin: "api" | "cdn";
  method: string;
  /** Path and query string. */
  url: string;
  /** The Authorization header, when one was sent. */
  authorization?: string;
}

/**
 * Every request of both origins, in arrival order. Tests use it to assert that a token reached
 * the API origin (uploads) and never the CDN origin (downloads, LFS object PUTs).
 */
export class RequestLog {
  readonly entries: LoggedRequest[] = [];

  record(origin: LoggedRequest["origin"], req: IncomingMessage): void {
    const auth = req.headers.authorization;
    this.entries.push({ origin, method: req.method ?? "GET", url: req.url ?? "/", ...(auth !== undefined ? { authorization: auth } : {}) });
  }

  /** Requests whose headers or URL carry `secret` (a token). */
  carrying(secret: string): LoggedRequest[] {
    return this.entries.filter((r) => r.authorization?.includes(secret) || r.url.includes(secret) || r.url.includes(encodeURIComponent(secret)));
  }

  reset(): void {
    this.entries.length = 0;
  }
}
