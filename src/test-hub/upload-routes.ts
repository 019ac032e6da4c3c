/**
 * The write side of the test Hub, as @huggingface/hub 2.x calls it for createRepo + commit:
 *   POST /api/repos/create                          create a model repo (409 when it exists)
 *   POST /api/models/{repo}/preupload/{rev}         which files go through LFS
 *   POST /{repo}.git/info/lfs/objects/batch         LFS batch: "basic" transfer (never Xet), a
 *                                                   signed PUT URL on the CDN origin per object
 *   PUT  {cdn}/__lfs-upload/{oid}?...               the object bytes (no token; checked by sha256), or
 *                                                   multipart parts + POST {api}/__lfs-complete/{oid}
 *   POST /api/models/{repo}/commit/{rev}            NDJSON: header, file (base64), lfsFile, deletedFile
 * Writes need `Authorization: Bearer <token>` with write access. Repos created here live in a
 * writable folder; a commit writes into it, so the repo's next snapshot (and sha) serves the files.
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { API_CORS, sendHubError, sendJson } from "./http-util.ts";
import { COMPLETE_PREFIX, PartStore, receiveBody, UPLOAD_CORS, UPLOAD_PREFIX, uploadAction } from "./upload-multipart.ts";
import { isLfsFile, type RepoSettings } from "./repo-store.ts";

export { UPLOAD_CORS };
/** Commit bodies carry small files inline as base64; the Hub sends big ones through LFS. */
const MAX_JSON_BODY = 64 << 20;
const SHA256_RE = /^[0-9a-f]{64}$/;
const NAME_RE = /^[A-Za-z0-9][\w.-]{0,95}$/;

/** What the upload routes need from the server. */
export interface UploadHost {
  apiUrl(): string;
  cdnUrl(): string;
  /** Bearer token of the request and whether the server accepts it. */
  tokenOf(req: IncomingMessage): { token?: string; valid: boolean; given: boolean };
  /** Tokens allowed to write (undefined: every valid token). */
  writeTokens(): string[] | undefined;
  /** Objects over this many bytes go up in parts of this size ("multipart"); undefined: one PUT. */
  multipartChunkSize(): number | undefined;
  hasRepo(id: string): boolean;
  addRepo(id: string, dir: string, settings: RepoSettings): void;
  /** Drop the cached snapshot and return the repo's new commit sha. */
  refreshRepo(id: string): string;
  sign(s: string): string;
  /** Where created repos and LFS objects live (a temp folder unless the server was told one). */
  uploadRoot: string | undefined;
}

/** The routes, plus the folder they write into (removed on close when it was a temp folder). */
export interface UploadRoutes {
  /** Handle an API-origin request; false when the path is not an upload route. */
  api(req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<boolean>;
  isUploadPath(pathname: string): boolean;
  /** Handle a CDN-origin upload request; `fault` applies injected faults (true: already answered). */
  cdn(req: IncomingMessage, res: ServerResponse, url: URL, fault: () => Promise<boolean>): Promise<void>;
  close(): void;
}

export function createUploadRoutes(host: UploadHost): UploadRoutes {
  const writable = new Set<string>();
  let root = host.uploadRoot;
  const ownRoot = root === undefined;
  const rootDir = () => {
    root ??= mkdtempSync(join(tmpdir(), "test-hub-uploads-"));
    mkdirSync(join(root, ".lfs-objects"), { recursive: true });
    return root;
  };
  const objectPath = (oid: string) => join(rootDir(), ".lfs-objects", oid);
  const store = { apiUrl: host.apiUrl, cdnUrl: host.cdnUrl, sign: host.sign, objectPath };
  const multipart = new PartStore(store);

  /** The writer's token, or undefined after answering 401/403. */
  function authorizeWrite(req: IncomingMessage, res: ServerResponse, what: string): string | undefined {
    const auth = host.tokenOf(req);
    if (!auth.given) {
      sendHubError(res, 401, undefined, `${what} needs a token: send "Authorization: Bearer <token with write access>"`, API_CORS);
      return undefined;
    }
    if (!auth.valid) {
      sendHubError(res, 401, undefined, "Invalid credentials in Authorization header", API_CORS);
      return undefined;
    }
    const writers = host.writeTokens();
    if (writers && !writers.includes(auth.token!)) {
      sendHubError(res, 403, undefined, `${what}: this token is read-only; create a token with write access at ${host.apiUrl()}/settings/tokens`, API_CORS);
      return undefined;
    }
    return auth.token;
  }

  /** A repo this server may write into, or undefined after answering 404/403. */
  function writableRepo(id: string, res: ServerResponse): boolean {
    if (!host.hasRepo(id)) {
      sendHubError(res, 404, "RepoNotFound", `Repository Not Found for url: ${host.apiUrl()}/api/models/${id}. Create it first (POST /api/repos/create).`, API_CORS);
      return false;
    }
    if (!writable.has(id)) {
      sendHubError(res, 403, undefined, `${id} is a read-only fixture of the test Hub; upload into a repo created through /api/repos/create`, API_CORS);
      return false;
    }
    return true;
  }

  const onlyMain = (rev: string, res: ServerResponse) => {
    if (rev === "main") return true;
    sendHubError(res, 404, "RevisionNotFound", `Invalid rev id: ${rev} (the test Hub writes to "main" only)`, API_CORS);
    return false;
  };

  async function createRepo(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!authorizeWrite(req, res, "Creating a repo")) return;
    const body = (await readJson(req)) as { name?: string; organization?: string; type?: string; visibility?: string; private?: boolean; files?: { path: string; content: string; encoding?: string }[] };
    if ((body.type ?? "model") !== "model") return sendHubError(res, 400, undefined, `The test Hub creates model repos only, not "${body.type}"`, API_CORS);
    if (!body.organization || !body.name || !NAME_RE.test(body.organization) || !NAME_RE.test(body.name)) {
      return sendHubError(res, 400, undefined, `Invalid repo name "${body.organization}/${body.name}": use letters, digits, "-", "_" and "."`, API_CORS);
    }
    const id = `${body.organization}/${body.name}`;
    if (host.hasRepo(id)) return sendJson(res, 409, { error: "You already created this model repo", url: `${host.apiUrl()}/${id}` }, API_CORS);
    const dir = join(rootDir(), body.organization, body.name);
    mkdirSync(dir, { recursive: true });
    for (const f of body.files ?? []) writeRepoFile(dir, f.path, Buffer.from(f.content, f.encoding === "base64" ? "base64" : "utf8"));
    host.addRepo(id, dir, { private: body.visibility === "private" || body.private === true });
    writable.add(id);
    sendJson(res, 200, { url: `${host.apiUrl()}/${id}`, name: id, id: `test-hub-${randomBytes(6).toString("hex")}` }, API_CORS);
  }

  async function preupload(req: IncomingMessage, res: ServerResponse, id: string, rev: string): Promise<void> {
    if (!authorizeWrite(req, res, "Uploading") || !writableRepo(id, res) || !onlyMain(rev, res)) return;
    const body = (await readJson(req)) as { files?: { path: string; size: number }[] };
    if (!Array.isArray(body.files)) return sendHubError(res, 400, undefined, 'preupload body needs "files": [{path, size, sample}]', API_CORS);
    const files = body.files.map((f) => ({ path: f.path, uploadMode: isLfsFile(f.path, f.size) ? "lfs" : "regular", shouldIgnore: false }));
    sendJson(res, 200, { files, commitOid: host.refreshRepo(id) }, API_CORS);
  }

  async function lfsBatch(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    if (!authorizeWrite(req, res, "Uploading") || !writableRepo(id, res)) return;
    const body = (await readJson(req)) as { operation?: string; objects?: { oid: string; size: number }[] };
    if (body.operation !== "upload" || !Array.isArray(body.objects)) return sendHubError(res, 400, undefined, 'LFS batch body needs "operation": "upload" and "objects"', API_CORS);
    const objects = body.objects.map((o) => {
      if (!SHA256_RE.test(o.oid) || !Number.isInteger(o.size) || o.size < 0) return { ...o, error: { code: 422, message: `invalid object ${o.oid} of size ${o.size}` } };
      // Already stored: no upload action, as on the Hub (content-addressed dedup).
      if (existsSync(objectPath(o.oid)) && statSync(objectPath(o.oid)).size === o.size) return { oid: o.oid, size: o.size };
      return { oid: o.oid, size: o.size, authenticated: true, actions: { upload: uploadAction(store, o.oid, o.size, host.multipartChunkSize()) } };
    });
    // "basic" even when the client offers "xet": the library then PUTs each object to its href.
    const bytes = Buffer.from(JSON.stringify({ transfer: "basic", objects }));
    res.writeHead(200, { ...API_CORS, "Content-Type": "application/vnd.git-lfs+json", "Content-Length": String(bytes.length) });
    res.end(bytes);
  }

  async function commit(req: IncomingMessage, res: ServerResponse, id: string, rev: string): Promise<void> {
    if (!authorizeWrite(req, res, "Committing") || !writableRepo(id, res) || !onlyMain(rev, res)) return;
    const lines = (await readText(req)).split("\n").filter((l) => l.trim());
    type Op = { key: string; value: { path?: string; content?: string; encoding?: string; oid?: string; size?: number; parentCommit?: string } };
    let ops: Op[];
    try {
      ops = lines.map((l) => JSON.parse(l) as Op);
    } catch (e) {
      return sendHubError(res, 400, undefined, `commit body is not NDJSON: ${(e as Error).message}`, API_CORS);
    }
    const header = ops.find((o) => o.key === "header");
    if (!header) return sendHubError(res, 400, undefined, 'commit body needs a {"key": "header"} line first', API_CORS);
    const dir = join(rootDir(), ...id.split("/"));
    const current = host.refreshRepo(id);
    if (header.value.parentCommit && header.value.parentCommit !== current) {
      return sendHubError(res, 412, undefined, `parentCommit ${header.value.parentCommit} is not the head of main (${current})`, API_CORS);
    }
    // Check everything before writing anything, so a bad commit changes nothing.
    for (const op of ops) {
      if (op.key === "header") continue;
      if (!["file", "lfsFile", "deletedFile"].includes(op.key)) return sendHubError(res, 400, undefined, `unknown commit operation "${op.key}"`, API_CORS);
      if (!safeRepoPath(op.value.path)) return sendHubError(res, 400, undefined, `invalid path in commit: ${JSON.stringify(op.value.path)}`, API_CORS);
      if (op.key === "lfsFile") {
        const p = SHA256_RE.test(op.value.oid ?? "") ? objectPath(op.value.oid!) : "";
        if (!p || !existsSync(p) || statSync(p).size !== op.value.size) {
          return sendHubError(res, 400, undefined, `${op.value.path}: LFS object ${op.value.oid} (${op.value.size} bytes) was never uploaded; run the LFS batch and PUT first`, API_CORS);
        }
      }
    }
    for (const op of ops) {
      const path = op.value.path!;
      if (op.key === "file") writeRepoFile(dir, path, Buffer.from(op.value.content ?? "", op.value.encoding === "base64" ? "base64" : "utf8"));
      if (op.key === "lfsFile") {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        copyFileSync(objectPath(op.value.oid!), join(dir, path));
      }
      if (op.key === "deletedFile") rmSync(join(dir, path), { force: true });
    }
    const sha = host.refreshRepo(id);
    sendJson(res, 200, { success: true, commitOid: sha, commitUrl: `${host.apiUrl()}/${id}/commit/${sha}`, hookOutput: "" }, API_CORS);
  }

  async function putObject(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const oid = url.pathname.slice(UPLOAD_PREFIX.length);
    const size = url.searchParams.get("size") ?? "";
    const expires = url.searchParams.get("expires") ?? "";
    const deny = (status: number, error: string) => sendJson(res, status, { error }, UPLOAD_CORS);
    if (req.method !== "PUT") return deny(405, `use PUT to upload an LFS object, not ${req.method}`);
    if (url.searchParams.get("sig") !== host.sign(`${url.pathname}|${size}|${expires}`)) return deny(403, "AccessDenied: signature does not match");
    if (!(Date.now() < Number(expires))) return deny(403, "AccessDenied: Request has expired; run the LFS batch again");
    const part = `${objectPath(oid)}.part-${randomBytes(4).toString("hex")}`;
    const { sha256: digest, size: received } = await receiveBody(req, part);
    if (digest !== oid || String(received) !== size) {
      rmSync(part, { force: true });
      return deny(400, `BadDigest: got ${received} bytes with sha256 ${digest}, expected ${size} bytes with sha256 ${oid}`);
    }
    renameSync(part, objectPath(oid));
    res.writeHead(200, { ...UPLOAD_CORS, ETag: `"${oid}"`, "Content-Length": "0" }).end();
  }

  /** Run a handler; a malformed body becomes a Hub-style 400. */
  const guarded = async (h: () => Promise<void>, res: ServerResponse) => {
    try {
      await h();
    } catch (e) {
      if (!(e instanceof BadRequest)) throw e;
      sendHubError(res, 400, undefined, e.message, API_CORS);
    }
    return true;
  };

  return {
    async api(req, res, parts) {
      if (req.method !== "POST") return false;
      if (parts[0] === "api" && parts[1] === "repos" && parts[2] === "create" && parts.length === 3) return guarded(() => createRepo(req, res), res);
      if (parts[0] === "api" && parts[1] === "models" && parts.length === 6 && (parts[4] === "preupload" || parts[4] === "commit")) {
        const id = `${parts[2]}/${parts[3]}`;
        return guarded(() => (parts[4] === "preupload" ? preupload(req, res, id, parts[5]) : commit(req, res, id, parts[5])), res);
      }
      if (parts.length === 6 && parts[1].endsWith(".git") && parts.slice(2).join("/") === "info/lfs/objects/batch") {
        return guarded(() => lfsBatch(req, res, `${parts[0]}/${parts[1].slice(0, -4)}`), res);
      }
      if (`/${parts[0]}/` === COMPLETE_PREFIX && parts.length === 2) {
        const url = new URL(req.url ?? "/", host.apiUrl());
        return guarded(async () => multipart.complete(res, url, parts[1], (await readJson(req)) as Parameters<PartStore["complete"]>[3]), res);
      }
      return false;
    },
    isUploadPath: (pathname) => pathname.startsWith(UPLOAD_PREFIX),
    async cdn(req, res, url, fault) {
      if (req.method === "OPTIONS") {
        res.writeHead(204, UPLOAD_CORS).end();
        return;
      }
      if (await fault()) return;
      const part = /^\/__lfs-upload\/([0-9a-f]{64})\/part\/(\d+)$/.exec(url.pathname);
      if (part) return multipart.put(req, res, url, part[1], Number(part[2]));
      await putObject(req, res, url);
    },
    close() {
      if (ownRoot && root) rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A relative repo path without "..", empty or hidden segments. */
function safeRepoPath(path: unknown): path is string {
  return typeof path === "string" && path.length > 0 && path.length < 1000 && path.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}

function writeRepoFile(dir: string, path: string, bytes: Buffer): void {
  if (!safeRepoPath(path)) throw new Error(`invalid repo path ${JSON.stringify(path)}`);
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), bytes);
}

/** A malformed request body: answered 400, not 500. */
class BadRequest extends Error {}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > MAX_JSON_BODY) throw new BadRequest(`request body over ${MAX_JSON_BODY} bytes; send big files through LFS`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readText(req);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new BadRequest(`request body is not JSON: ${(e as Error).message}`);
  }
}
