import type { IncomingMessage, ServerResponse } from "node:http";

/** CORS headers of the API origin: any origin, Authorization allowed (it triggers a preflight). */
export const API_CORS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, POST, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Range, Content-Type, Accept, If-None-Match",
  "Access-Control-Expose-Headers":
    "Content-Range, ETag, Content-Length, Accept-Ranges, X-Repo-Commit, X-Error-Code, X-Error-Message, X-Linked-Size, X-Linked-Etag, Link, Retry-After",
  "Access-Control-Max-Age": "600",
};

/** CORS headers of the CDN origin, as cas-bridge sends them (no Authorization: tokens never go there). */
export const CDN_CORS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "Range, Content-Type, If-None-Match",
  "Access-Control-Expose-Headers": "Accept-Ranges, Content-Range, Content-Length, Content-Type, ETag, X-Repo-Commit",
  "Access-Control-Max-Age": "600",
};

/**
 * Send a JSON body. `dropAfter` (fault injection) sends only that many body bytes, then cuts
 * the connection; `onBytes` counts what was written.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
  dropAfter?: number,
): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...headers, "Content-Type": "application/json; charset=utf-8", "Content-Length": String(bytes.length) });
  if (dropAfter !== undefined && dropAfter < bytes.length) {
    res.write(bytes.subarray(0, dropAfter), () => res.destroy());
    return;
  }
  res.end(bytes);
}

/** A Hub-style error: JSON {error} plus X-Error-Code / X-Error-Message headers. */
export function sendHubError(
  res: ServerResponse,
  status: number,
  code: string | undefined,
  message: string,
  headers: Record<string, string>,
): void {
  const h: Record<string, string> = { ...headers, "X-Error-Message": message };
  if (code) h["X-Error-Code"] = code;
  sendJson(res, status, { error: message }, h);
}

/** Read a small request body (control endpoint), capped at 1 MB. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > 1 << 20) throw new Error("request body over 1 MB");
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Path segments, percent-decoded; undefined when the encoding is malformed. */
export function decodeParts(pathname: string): string[] | undefined {
  try {
    return pathname.split("/").slice(1).map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}

/** Content-Type by file extension. */
export function contentTypeOf(path: string): string {
  if (path.endsWith(".json")) return "application/json";
  if (path.endsWith(".md") || path.endsWith(".txt") || path.endsWith(".yml") || path.endsWith(".yaml")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}
