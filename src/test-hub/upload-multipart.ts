/**
 * LFS object bodies for the test Hub's upload side: a single PUT, or the Hub's "multipart" custom
 * transfer (the batch answer carries `chunk_size` and one signed PUT URL per part; the client PUTs
 * each slice, reads every part's ETag — so the CORS answer must expose it — and POSTs the list to
 * the completion URL). Every body is checked against the object's sha256 before it is kept.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { API_CORS, sendJson } from "./http-util.ts";

export const UPLOAD_PREFIX = "/__lfs-upload/";
export const COMPLETE_PREFIX = "/__lfs-complete/";

/** CORS of the LFS upload URLs (as S3 answers for a presigned PUT): no Authorization accepted. */
export const UPLOAD_CORS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "PUT, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type, X-Request-Id",
  "Access-Control-Expose-Headers": "ETag",
  "Access-Control-Max-Age": "600",
};

/** Signing, origins and the object store, from the server. */
export interface ObjectStore {
  apiUrl(): string;
  cdnUrl(): string;
  sign(s: string): string;
  /** Where the object with this sha256 lives once complete. */
  objectPath(oid: string): string;
}

/** Stream a request body to `dest`, hashing it on the way. */
export async function receiveBody(req: IncomingMessage, dest: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(req, tap, createWriteStream(dest));
  } catch (e) {
    rmSync(dest, { force: true });
    throw e;
  }
  return { sha256: hash.digest("hex"), size };
}

const ONE_HOUR = 3_600_000;

/** The batch `upload` action of one object: one PUT, or multipart when it is over `chunkSize`. */
export function uploadAction(store: ObjectStore, oid: string, size: number, chunkSize: number | undefined): { href: string; header?: Record<string, string>; expires_in: number } {
  const expires = Date.now() + ONE_HOUR;
  if (!chunkSize || size <= chunkSize) {
    const path = `${UPLOAD_PREFIX}${oid}`;
    return { href: `${store.cdnUrl()}${path}?size=${size}&expires=${expires}&sig=${store.sign(`${path}|${size}|${expires}`)}`, expires_in: 3600 };
  }
  const parts = Math.ceil(size / chunkSize);
  const header: Record<string, string> = { chunk_size: String(chunkSize) };
  for (let n = 1; n <= parts; n++) {
    const path = `${UPLOAD_PREFIX}${oid}/part/${n}`;
    header[String(n)] = `${store.cdnUrl()}${path}?expires=${expires}&sig=${store.sign(`${path}|${expires}`)}`;
  }
  const done = `${COMPLETE_PREFIX}${oid}`;
  const href = `${store.apiUrl()}${done}?size=${size}&parts=${parts}&expires=${expires}&sig=${store.sign(`${done}|${size}|${parts}|${expires}`)}`;
  return { href, header, expires_in: 3600 };
}

/** Multipart uploads in progress: part ETags by object and part number. */
export class PartStore {
  private etags = new Map<string, Map<number, string>>();

  constructor(private store: ObjectStore) {}

  private dir(oid: string): string {
    return `${this.store.objectPath(oid)}.parts`;
  }

  /** PUT {cdn}/__lfs-upload/{oid}/part/{n}: keep the slice, answer its ETag. */
  async put(req: IncomingMessage, res: ServerResponse, url: URL, oid: string, part: number): Promise<void> {
    const expires = url.searchParams.get("expires") ?? "";
    const deny = (status: number, error: string) => sendJson(res, status, { error }, UPLOAD_CORS);
    if (req.method !== "PUT") return deny(405, `use PUT to upload a part, not ${req.method}`);
    if (url.searchParams.get("sig") !== this.store.sign(`${url.pathname}|${expires}`)) return deny(403, "AccessDenied: signature does not match");
    if (!(Date.now() < Number(expires))) return deny(403, "AccessDenied: Request has expired; run the LFS batch again");
    mkdirSync(this.dir(oid), { recursive: true });
    const { sha256 } = await receiveBody(req, join(this.dir(oid), String(part)));
    const etag = `"${sha256.slice(0, 32)}"`;
    const parts = this.etags.get(oid) ?? new Map<number, string>();
    parts.set(part, etag);
    this.etags.set(oid, parts);
    res.writeHead(200, { ...UPLOAD_CORS, ETag: etag, "Content-Length": "0" }).end();
  }

  /** POST {api}/__lfs-complete/{oid}: join the parts in order and keep the object if its sha256 matches. */
  async complete(res: ServerResponse, url: URL, oid: string, body: { oid?: string; parts?: { partNumber: number; etag: string }[] }): Promise<void> {
    const size = url.searchParams.get("size") ?? "";
    const count = url.searchParams.get("parts") ?? "";
    const expires = url.searchParams.get("expires") ?? "";
    const fail = (status: number, error: string) => sendJson(res, status, { error }, API_CORS);
    if (url.searchParams.get("sig") !== this.store.sign(`${url.pathname}|${size}|${count}|${expires}`)) return fail(403, "AccessDenied: signature does not match");
    if (!(Date.now() < Number(expires))) return fail(403, "AccessDenied: Request has expired; run the LFS batch again");
    const stored = this.etags.get(oid) ?? new Map<number, string>();
    const listed = body.parts ?? [];
    if (body.oid !== oid || listed.length !== Number(count)) return fail(400, `completion must list all ${count} parts of ${oid}, got ${listed.length}`);
    for (const [i, p] of listed.entries()) {
      if (p.partNumber !== i + 1 || stored.get(p.partNumber) !== p.etag) return fail(400, `part ${p.partNumber} of ${oid}: ETag ${p.etag} does not match an uploaded part`);
    }
    const joined = `${this.store.objectPath(oid)}.joining`;
    const out = createWriteStream(joined);
    const hash = createHash("sha256");
    let total = 0;
    for (let n = 1; n <= listed.length; n++) {
      for await (const chunk of createReadStream(join(this.dir(oid), String(n)))) {
        hash.update(chunk as Buffer);
        total += (chunk as Buffer).length;
        if (!out.write(chunk)) await once(out, "drain");
      }
    }
    out.end();
    await once(out, "finish");
    this.etags.delete(oid);
    rmSync(this.dir(oid), { recursive: true, force: true });
    const digest = hash.digest("hex");
    if (digest !== oid || String(total) !== size) {
      rmSync(joined, { force: true });
      return fail(400, `BadDigest: the parts join to ${total} bytes with sha256 ${digest}, expected ${size} bytes with sha256 ${oid}`);
    }
    renameSync(joined, this.store.objectPath(oid));
    sendJson(res, 200, { success: true }, API_CORS);
  }
}
