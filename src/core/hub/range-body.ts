/**
 * Checks a Range response and streams its body into a caller-owned buffer, so a range lands in
 * one exact, offset-0 allocation (no arrayBuffer() copy) and a dropped connection can resume
 * from the first missing byte.
 */
import type { BodyReaderLike, FetchResponseLike } from "./fetch-like";
import { HubError } from "./hub-error";
import { hostOf } from "./url-parts";

/** Where a (possibly resumed) range read stands: bytes [from, end) of `path` are still missing. */
export interface RangeRequest {
  path: string;
  url: string;
  from: number;
  end: number;
}

/**
 * The error for a response that cannot supply bytes [from, end), or null when it can. Checked
 * before any body byte is read, so a server that ignores Range never costs a whole shard.
 * Content-Range and Content-Length are checked only when the server exposes them (CORS).
 */
export function rangeResponseProblem(res: FetchResponseLike, r: RangeRequest): HubError | null {
  const want = r.end - r.from;
  const length = res.headers.get("content-length");
  const declared = length === null || length.trim() === "" ? null : Number(length);
  if (res.status === 200) {
    // A 200 is the whole file from byte 0: usable only when that is exactly the range asked for.
    if (r.from === 0 && (declared === null || declared === want)) return null;
    return new HubError("RANGE_UNSUPPORTED", `the server ignored the Range request for '${r.path}' (HTTP 200 with the whole file); it must support byte ranges`, {
      url: r.url,
      status: 200,
    });
  }
  if (res.status !== 206) {
    return new HubError("RANGE_UNSUPPORTED", `the server ignored the Range request for '${r.path}' (HTTP ${res.status}); it must support byte ranges`, { url: r.url, status: res.status });
  }
  const contentRange = res.headers.get("content-range");
  const m = contentRange === null ? null : /^\s*bytes\s+(\d+)-(\d+)\//i.exec(contentRange);
  if (contentRange !== null && (!m || Number(m[1]) !== r.from || Number(m[2]) !== r.end - 1)) {
    return new HubError("BAD_RESPONSE", `the server answered "Content-Range: ${contentRange}" for bytes ${r.from}-${r.end - 1} of '${r.path}'; it must return exactly the requested range`, {
      url: r.url,
      status: 206,
    });
  }
  if (declared !== null && declared > want) {
    return new HubError("BAD_RESPONSE", `the server announced ${declared} bytes for a ${want}-byte range of '${r.path}'; it must return exactly the requested range`, { url: r.url, status: 206 });
  }
  return null;
}

/** The response's ETag if it is one we can compare (strong or weak, as sent). */
export function etagOf(res: FetchResponseLike): string | null {
  const tag = res.headers.get("etag");
  return tag === null || tag.trim() === "" ? null : tag.trim();
}

/** How streamBodyInto reports progress and notices an abort or a stalled connection. */
export interface StreamHooks {
  /** Called with each chunk's size once it is in the buffer. */
  onChunk: (n: number) => void;
  /** True when the caller aborted (its error then propagates as is, not as a NETWORK error). */
  isAborted: () => boolean;
  /** Give up on a body that sends nothing for this long (ms; 0 = wait forever). */
  stallMs: number;
}

/**
 * Copies the body of `res` into `buf` starting at `offset`, calling `onChunk(n)` as each chunk
 * lands (so the caller's count survives a throw and a retry can resume). Throws HubError
 * NETWORK when the connection drops, stalls or the body ends early (all transient), BAD_RESPONSE
 * or RANGE_UNSUPPORTED when it is longer than the space left.
 */
export async function streamBodyInto(res: FetchResponseLike, buf: Uint8Array, offset: number, r: RangeRequest, hooks: StreamHooks): Promise<void> {
  const reader = res.body?.getReader();
  let at = offset;
  if (reader) {
    for (;;) {
      let chunk: { done: boolean; value?: Uint8Array } | "stalled";
      try {
        chunk = await readOrStall(reader, hooks.stallMs);
      } catch (err) {
        if (hooks.isAborted()) throw err;
        throw new HubError("NETWORK", `connection dropped while reading '${r.path}' from ${hostOf(r.url)} after ${at - offset} of ${r.end - r.from} bytes: ${(err as Error).message}`, {
          url: r.url,
          status: res.status,
        });
      }
      if (chunk === "stalled") {
        reader.cancel().catch(() => undefined); // closes the connection
        throw new HubError("NETWORK", `no data for ${hooks.stallMs / 1000} s while reading '${r.path}' from ${hostOf(r.url)} (after ${at - offset} of ${r.end - r.from} bytes); check the connection`, {
          url: r.url,
          status: res.status,
        });
      }
      if (chunk.done) break;
      const value = chunk.value;
      if (!value || value.byteLength === 0) continue;
      if (value.byteLength > buf.byteLength - at) {
        reader.cancel().catch(() => undefined);
        throw res.status === 200
          ? new HubError("RANGE_UNSUPPORTED", `the server ignored the Range request for '${r.path}' (HTTP 200 with more than the ${buf.byteLength} bytes asked for); it must support byte ranges`, { url: r.url, status: 200 })
          : new HubError("BAD_RESPONSE", `the server sent more than the ${r.end - r.from} bytes asked for of '${r.path}'; it must return exactly the requested range`, { url: r.url, status: res.status });
      }
      buf.set(value, at);
      at += value.byteLength;
      hooks.onChunk(value.byteLength);
    }
  }
  if (at !== buf.byteLength) {
    throw new HubError("NETWORK", `short read of '${r.path}': the server ended the body after ${at - offset} of ${r.end - r.from} bytes`, { url: r.url, status: res.status });
  }
}

/** reader.read(), or "stalled" when no chunk arrives within `ms` (0 = wait forever). */
async function readOrStall(reader: BodyReaderLike, ms: number): Promise<{ done: boolean; value?: Uint8Array } | "stalled"> {
  if (ms <= 0) return reader.read();
  const read = reader.read();
  read.catch(() => undefined); // if we stop waiting, a later rejection is nobody's business
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<"stalled">((ok) => {
    timer = setTimeout(() => ok("stalled"), ms);
  });
  try {
    return await Promise.race([read, stalled]);
  } finally {
    clearTimeout(timer);
  }
}
