import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FaultInjector, type FaultOrigin } from "./fault-injector.ts";
import { HubStats } from "./hub-stats.ts";
import { handleControl } from "./control-endpoint.ts";
import { API_CORS, CDN_CORS, contentTypeOf, decodeParts, sendHubError, sendJson } from "./http-util.ts";
import { modelInfo, modelSummary, treeEntries } from "./model-info.ts";
import { discoverOrg, discoverRepos, readRepoSettings, snapshotRepo, type RepoSettings, type RepoSnapshot } from "./repo-store.ts";
import { sendFile } from "./send-file.ts";
import { RequestLog } from "./request-log.ts";
import { createUploadRoutes, UPLOAD_CORS } from "./upload-routes.ts";

/** How to start a test Hub. Repos come from `root`, `orgs` and `repos` together. */
export interface TestHubOptions {
  /** Folder laid out ROOT/<org>/<name>/<files>. */
  root?: string;
  /** org -> folder whose subfolders are that org's repos (e.g. {testbed: "../shared/testbed"}). */
  orgs?: Record<string, string>;
  /** Explicit repos: "org/name" -> folder (or folder + settings). */
  repos?: Record<string, string | { dir: string; settings?: RepoSettings }>;
  /** Valid bearer tokens. */
  tokens?: string[];
  /** Tokens that may create repos and commit (default: every valid token). */
  writeTokens?: string[];
  /** LFS objects over this size are uploaded in parts of this size (the Hub's "multipart" transfer); default: one PUT. */
  multipartChunkSize?: number;
  /** Folder for repos created through the API and their LFS objects (default: a temp folder, removed on close). */
  uploadDir?: string;
  host?: string;
  /** API port (0 = ephemeral). */
  port?: number;
  /** CDN port (0 = ephemeral). */
  cdnPort?: number;
  /** Lifetime of signed CDN URLs (default 1 h, as the Hub's X-Amz-Expires=3600). */
  signedUrlTtlMs?: number;
  /** "lfs": redirect LFS files only and serve small files directly, like the Hub; "all": redirect everything. */
  redirect?: "lfs" | "all";
  /** Tree entries per page before a Link: rel="next" header (default 1000). */
  treePageSize?: number;
}

/** A running test Hub. */
export interface TestHub {
  /** API origin, e.g. http://127.0.0.1:41234 — use it as the app's Hub base URL. */
  url: string;
  /** CDN origin that /resolve redirects to. */
  cdnUrl: string;
  faults: FaultInjector;
  stats: HubStats;
  /** Every request of both origins, with its Authorization header: where did a token go? */
  requests: RequestLog;
  /** Current options (tokens, TTL...) — mutable between requests. */
  options: Required<Pick<TestHubOptions, "tokens" | "signedUrlTtlMs" | "redirect" | "treePageSize">> & Pick<TestHubOptions, "writeTokens" | "multipartChunkSize">;
  addRepo(id: string, dir: string, settings?: RepoSettings): void;
  repoIds(): string[];
  /** Commit sha of a repo's current snapshot. */
  commitSha(id: string): string;
  /** Forget cached snapshots (after files changed on disk). */
  refresh(): void;
  close(): Promise<void>;
}

interface RepoEntry {
  dir: string;
  settings: RepoSettings;
  snap?: RepoSnapshot;
}

const REPO_ID = /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/;

/** Start the API and CDN servers on 127.0.0.1 (ephemeral ports by default). */
export async function startTestHub(opts: TestHubOptions = {}): Promise<TestHub> {
  const repos = new Map<string, RepoEntry>();
  const add = (id: string, dir: string, settings?: RepoSettings) => {
    if (!REPO_ID.test(id)) throw new Error(`repo id "${id}" must look like org/name`);
    repos.set(id, { dir, settings: readRepoSettings(dir, settings) });
  };
  if (opts.root) for (const [id, dir] of discoverRepos(opts.root)) add(id, dir);
  for (const [org, dir] of Object.entries(opts.orgs ?? {})) for (const [id, d] of discoverOrg(org, dir)) add(id, d);
  for (const [id, v] of Object.entries(opts.repos ?? {})) {
    if (typeof v === "string") add(id, v);
    else add(id, v.dir, v.settings);
  }

  const options: TestHub["options"] = {
    tokens: opts.tokens ?? [],
    writeTokens: opts.writeTokens,
    multipartChunkSize: opts.multipartChunkSize,
    signedUrlTtlMs: opts.signedUrlTtlMs ?? 3_600_000,
    redirect: opts.redirect ?? "lfs",
    treePageSize: opts.treePageSize ?? 1000,
  };
  const faults = new FaultInjector();
  const stats = new HubStats();
  const requests = new RequestLog();
  const secret = randomBytes(16);
  const host = opts.host ?? "127.0.0.1";
  const snapshot = (e: RepoEntry) => (e.snap ??= snapshotRepo(e.dir));
  const sign = (s: string) => createHmac("sha256", secret).update(s).digest("hex").slice(0, 32);
  let apiUrl = "";
  let cdnUrl = "";

  const tokenOf = (req: IncomingMessage): { token?: string; valid: boolean; given: boolean } => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    const token = m?.[1];
    return { token, valid: token !== undefined && options.tokens.includes(token), given: req.headers.authorization !== undefined };
  };
  const uploads = createUploadRoutes({
    apiUrl: () => apiUrl,
    cdnUrl: () => cdnUrl,
    tokenOf: (req) => tokenOf(req),
    writeTokens: () => options.writeTokens,
    multipartChunkSize: () => options.multipartChunkSize,
    hasRepo: (id) => repos.has(id),
    addRepo: (id, dir, settings) => add(id, dir, settings),
    refreshRepo: (id) => {
      const e = repos.get(id)!;
      e.snap = undefined;
      return snapshot(e).sha;
    },
    sign,
    uploadRoot: opts.uploadDir,
  });
  const hasAccess = (e: RepoEntry, auth: ReturnType<typeof tokenOf>) =>
    auth.valid && (!e.settings.grantedTokens || e.settings.grantedTokens.includes(auth.token!));

  /** Apply a 429/503/slow fault on arrival; true when the response was already sent. */
  async function statusFault(origin: FaultOrigin, path: string, res: ServerResponse, cors: Record<string, string>): Promise<boolean> {
    const f = faults.take(origin, path, ["status429", "status503", "slow"]);
    if (f?.kind === "slow") await new Promise((r) => setTimeout(r, f.delayMs));
    if (f?.kind === "status429") sendHubError(res, 429, undefined, "Too Many Requests (injected fault)", { ...cors, "Retry-After": String(f.retryAfterSeconds) });
    if (f?.kind === "status503") sendHubError(res, 503, undefined, "Service Unavailable (injected fault)", cors);
    return f?.kind === "status429" || f?.kind === "status503";
  }

  /** Bytes to send before cutting the connection, if a drop fault matches (taken only when a body is sent). */
  const dropAfter = (origin: FaultOrigin, path: string): number | undefined => {
    const f = faults.take(origin, path, ["drop"]);
    return f?.kind === "drop" ? f.afterBytes : undefined;
  };

  /** Look up a repo as the Hub does: unknown/private-without-access is 401 anonymously, 404 with a token. */
  function findRepo(id: string, req: IncomingMessage, res: ServerResponse): RepoEntry | undefined {
    const auth = tokenOf(req);
    if (auth.given && !auth.valid) {
      sendHubError(res, 401, undefined, "Invalid credentials in Authorization header", API_CORS);
      return undefined;
    }
    const e = repos.get(id);
    if (!e || (e.settings.private && !hasAccess(e, auth))) {
      sendHubError(res, auth.valid ? 404 : 401, "RepoNotFound", `Repository Not Found for url: ${apiUrl}/api/models/${id}.`, API_CORS);
      return undefined;
    }
    return e;
  }

  function checkRevision(e: RepoEntry, rev: string, res: ServerResponse): RepoSnapshot | undefined {
    const snap = snapshot(e);
    if (rev === "main" || rev === "HEAD" || rev === snap.sha) return snap;
    sendHubError(res, 404, "RevisionNotFound", `Invalid rev id: ${rev}`, API_CORS);
    return undefined;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", apiUrl);
    requests.record("api", req);
    const parts = decodeParts(url.pathname);
    if (!parts) return sendHubError(res, 400, undefined, `Malformed percent-encoding in ${url.pathname}`, API_CORS);
    if (req.method === "OPTIONS") {
      stats.countRoute("options");
      res.writeHead(204, API_CORS).end();
      return;
    }
    if (parts[0] === "__test") return handleControl(req, res, parts[1], faults, stats);
    if (await statusFault("api", url.pathname, res, API_CORS)) return;
    if (await uploads.api(req, res, parts)) return;
    const drop = () => dropAfter("api", url.pathname);
    if (parts[0] === "api" && parts[1] === "models") {
      if (parts.length === 2 || (parts.length === 3 && parts[2] === "")) return search(req, res, url, drop);
      const id = `${parts[2]}/${parts[3]}`;
      const isTree = parts[4] === "tree";
      stats.countRoute(isTree ? "tree" : "model-info");
      const e = findRepo(id, req, res);
      if (!e) return;
      stats.countRequest(id);
      if (parts.length === 4 || (parts[4] === "revision" && parts.length === 6)) {
        const snap = checkRevision(e, parts[5] ?? "main", res);
        if (snap) sendJson(res, 200, modelInfo(id, e.settings, snap), API_CORS, drop());
        return;
      }
      if (isTree && parts.length >= 6) return tree(res, url, id, e, parts[5], parts.slice(6).join("/"), drop);
    }
    if (parts[2] === "resolve" && parts.length >= 5) {
      stats.countRoute("resolve");
      return resolve(req, res, `${parts[0]}/${parts[1]}`, parts[3], parts.slice(4).join("/"), drop);
    }
    stats.countRoute("other");
    sendHubError(res, 404, undefined, `Not found: ${url.pathname}`, API_CORS);
  }

  function search(req: IncomingMessage, res: ServerResponse, url: URL, drop: () => number | undefined): void {
    stats.countRoute("search");
    const q = (url.searchParams.get("search") ?? "").toLowerCase();
    const author = url.searchParams.get("author");
    const filters = url.searchParams.getAll("filter");
    const limit = Math.min(Number(url.searchParams.get("limit") ?? 1000) || 1000, 1000);
    const sort = url.searchParams.get("sort");
    const auth = tokenOf(req);
    let list = [...repos.entries()]
      .filter(([id, e]) => id.toLowerCase().includes(q) && (!author || id.startsWith(`${author}/`)) && (!e.settings.private || hasAccess(e, auth)))
      .map(([id, e]) => modelSummary(id, e.settings, snapshot(e)))
      .filter((m) => filters.every((f) => (m.tags as string[]).includes(f)));
    if (sort === "downloads" || sort === "likes") list.sort((a, b) => (b[sort] as number) - (a[sort] as number));
    list = list.slice(0, limit);
    sendJson(res, 200, list, API_CORS, drop());
  }

  function tree(res: ServerResponse, url: URL, id: string, e: RepoEntry, rev: string, dir: string, drop: () => number | undefined): void {
    const snap = checkRevision(e, rev, res);
    if (!snap) return;
    const all = treeEntries(snap, dir.replace(/\/+$/, ""), url.searchParams.get("recursive") === "true");
    if (!all) {
      sendHubError(res, 404, "EntryNotFound", `${dir} does not exist on "${rev}"`, API_CORS);
      return;
    }
    const start = Number(url.searchParams.get("cursor") ?? 0) || 0;
    const page = all.slice(start, start + options.treePageSize);
    const headers = { ...API_CORS };
    if (start + options.treePageSize < all.length) {
      const next = new URL(url);
      next.searchParams.set("cursor", String(start + options.treePageSize));
      headers.Link = `<${next.href}>; rel="next"`;
    }
    sendJson(res, 200, page, headers, drop());
  }

  async function resolve(req: IncomingMessage, res: ServerResponse, id: string, rev: string, path: string, drop: () => number | undefined): Promise<void> {
    const e = findRepo(id, req, res);
    if (!e) return;
    const auth = tokenOf(req);
    if (e.settings.gated && !hasAccess(e, auth)) {
      const msg = auth.valid
        ? `Access to model ${id} is restricted and you are not in the authorized list. Visit ${apiUrl}/${id} to ask for access.`
        : `Access to model ${id} is restricted. You must have access to it and be authenticated to access it. Please log in.`;
      sendHubError(res, auth.valid ? 403 : 401, "GatedRepo", msg, API_CORS);
      return;
    }
    const snap = checkRevision(e, rev, res);
    if (!snap) return;
    const f = snap.byPath.get(path);
    stats.countRequest(id, path);
    if (!f) {
      sendHubError(res, 404, "EntryNotFound", "Entry not found", API_CORS);
      return;
    }
    const etag = `"${f.lfs ? f.sha256 : f.oid}"`;
    const common = { ...API_CORS, "X-Repo-Commit": snap.sha };
    if (f.lfs || options.redirect === "all") {
      const expires = Date.now() + options.signedUrlTtlMs;
      const cdnPath = `/${id}/${snap.sha}/${path.split("/").map(encodeURIComponent).join("/")}`;
      const location = `${cdnUrl}${cdnPath}?expires=${expires}&sig=${sign(`${cdnPath}|${expires}`)}`;
      const body = Buffer.from(`Found. Redirecting to ${location}`);
      res.writeHead(302, {
        ...common, Location: location, ETag: etag, "X-Linked-Etag": etag, "X-Linked-Size": String(f.size),
        "Content-Type": "text/plain; charset=utf-8", "Content-Length": String(body.length),
      });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    await sendFile(req, res, {
      absPath: f.absPath, size: f.size, etag, contentType: contentTypeOf(path), headers: common, dropAfter: drop(),
      onBytes: (n) => stats.countBytes(id, path, n),
    });
  }

  async function handleCdn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", cdnUrl);
    requests.record("cdn", req);
    stats.countRoute(req.method === "OPTIONS" ? "options" : "cdn");
    if (uploads.isUploadPath(url.pathname)) return uploads.cdn(req, res, url, () => statusFault("cdn", url.pathname, res, UPLOAD_CORS));
    if (req.method === "OPTIONS") {
      res.writeHead(204, CDN_CORS).end();
      return;
    }
    if (await statusFault("cdn", url.pathname, res, CDN_CORS)) return;
    const expires = Number(url.searchParams.get("expires"));
    if (url.searchParams.get("sig") !== sign(`${url.pathname}|${url.searchParams.get("expires")}`)) {
      sendJson(res, 403, { error: "AccessDenied: signature does not match" }, CDN_CORS);
      return;
    }
    if (!(Date.now() < expires)) {
      sendJson(res, 403, { error: "AccessDenied: Request has expired; resolve the file again" }, CDN_CORS);
      return;
    }
    const parts = decodeParts(url.pathname);
    if (!parts) return sendJson(res, 400, { error: "malformed path" }, CDN_CORS);
    const id = `${parts[0]}/${parts[1]}`;
    const path = parts.slice(3).join("/");
    const e = repos.get(id);
    const snap = e && snapshot(e);
    const f = snap?.sha === parts[2] ? snap.byPath.get(path) : undefined;
    if (!f || !snap) {
      sendJson(res, 404, { error: "NoSuchKey" }, CDN_CORS);
      return;
    }
    stats.countRequest(id, path);
    await sendFile(req, res, {
      absPath: f.absPath, size: f.size, etag: `"${f.lfs ? f.sha256 : f.oid}"`, contentType: contentTypeOf(path),
      headers: { ...CDN_CORS, "X-Repo-Commit": snap.sha }, dropAfter: dropAfter("cdn", url.pathname),
      onBytes: (n) => stats.countBytes(id, path, n),
    });
  }

  const wrap = (h: (req: IncomingMessage, res: ServerResponse) => Promise<void>) => (req: IncomingMessage, res: ServerResponse) => {
    h(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(err) }, API_CORS);
      else res.destroy();
    });
  };
  const api = createServer(wrap(handleApi));
  const cdn = createServer(wrap(handleCdn));
  const listen = (s: Server, port: number) =>
    new Promise<number>((ok, fail) => {
      s.once("error", fail);
      s.listen(port, host, () => ok((s.address() as AddressInfo).port));
    });
  apiUrl = `http://${host}:${await listen(api, opts.port ?? 0)}`;
  cdnUrl = `http://${host}:${await listen(cdn, opts.cdnPort ?? 0)}`;

  const close = (s: Server) =>
    new Promise<void>((ok) => {
      s.close(() => ok());
      s.closeAllConnections();
    });
  return {
    url: apiUrl,
    cdnUrl,
    faults,
    stats,
    requests,
    options,
    addRepo: add,
    repoIds: () => [...repos.keys()].sort(),
    commitSha: (id) => {
      const e = repos.get(id);
      if (!e) throw new Error(`no repo ${id}`);
      return snapshot(e).sha;
    },
    refresh: () => repos.forEach((e) => (e.snap = undefined)),
    close: async () => {
      await Promise.all([close(api), close(cdn)]);
      uploads.close();
    },
  };
}
