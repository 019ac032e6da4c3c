import { createReadStream } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseRange, type ByteRange } from "./parse-range.ts";

/** What sendFile serves and how. */
export interface SendFileOptions {
  absPath: string;
  size: number;
  /** Strong ETag, quoted. */
  etag: string;
  contentType: string;
  /** Extra response headers (CORS, X-Repo-Commit...). */
  headers: Record<string, string>;
  /** Destroy the socket after this many body bytes (fault injection). */
  dropAfter?: number;
  /** Called with every body chunk size actually written. */
  onBytes: (n: number) => void;
}

type Segment = Buffer | ByteRange;

/**
 * Serve a file with the semantics of a CDN: HEAD, If-None-Match (304), Range (206 single,
 * 206 multipart/byteranges for several ranges, 416 when unsatisfiable), streamed from disk so
 * multi-GB files cost no memory.
 */
export async function sendFile(req: IncomingMessage, res: ServerResponse, o: SendFileOptions): Promise<void> {
  const base = { ...o.headers, "Accept-Ranges": "bytes", ETag: o.etag };
  if (req.headers["if-none-match"] === o.etag) {
    res.writeHead(304, base).end();
    return;
  }
  const ranges = parseRange(req.headers.range, o.size);
  if (ranges === "unsatisfiable") {
    res.writeHead(416, { ...base, "Content-Range": `bytes */${o.size}`, "Content-Length": "0" }).end();
    return;
  }
  let status = 200;
  let segments: Segment[] = [[0, o.size - 1]];
  const headers: Record<string, string> = { ...base, "Content-Type": o.contentType };
  if (ranges && ranges.length === 1) {
    status = 206;
    segments = ranges;
    headers["Content-Range"] = `bytes ${ranges[0][0]}-${ranges[0][1]}/${o.size}`;
  } else if (ranges) {
    status = 206;
    const boundary = `hubboundary${Date.now().toString(36)}`;
    headers["Content-Type"] = `multipart/byteranges; boundary=${boundary}`;
    segments = [];
    ranges.forEach(([a, b], i) => {
      const head = `${i ? "\r\n" : ""}--${boundary}\r\nContent-Type: ${o.contentType}\r\nContent-Range: bytes ${a}-${b}/${o.size}\r\n\r\n`;
      segments.push(Buffer.from(head), [a, b]);
    });
    segments.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  }
  if (o.size === 0 && status === 200) segments = [];
  const length = segments.reduce((n, s) => n + (Buffer.isBuffer(s) ? s.length : s[1] - s[0] + 1), 0);
  headers["Content-Length"] = String(length);
  res.writeHead(status, headers);
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  await pump(res, segments, o);
}

async function pump(res: ServerResponse, segments: Segment[], o: SendFileOptions): Promise<void> {
  let sent = 0;
  for (const seg of segments) {
    // for-await over a file stream destroys the stream when the loop exits early.
    const chunks: AsyncIterable<Buffer> | Buffer[] = Buffer.isBuffer(seg)
      ? [seg]
      : createReadStream(o.absPath, { start: seg[0], end: seg[1], highWaterMark: 256 << 10 });
    for await (const chunk of chunks) {
      if (res.destroyed) return;
      if (o.dropAfter !== undefined && sent + chunk.length >= o.dropAfter) {
        const part = chunk.subarray(0, o.dropAfter - sent);
        o.onBytes(part.length);
        // Flush what the fault allows, then cut the connection mid-body.
        res.write(part, () => res.destroy());
        return;
      }
      sent += chunk.length;
      o.onBytes(chunk.length);
      if (!res.write(chunk)) await drainOrClose(res);
    }
  }
  res.end();
}

/**
 * Resolves on 'drain' or 'close', whichever comes first, and removes both listeners. (Racing two
 * events.once() promises left the loser's listeners attached: one per chunk, until Node warned.)
 */
function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
