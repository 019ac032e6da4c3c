import type { FetchLike, FetchResponseLike } from "./fetch-like";
import { HubError, TRANSIENT_HUB_CODES } from "./hub-error";
import { mapHttpError, type RequestContext } from "./map-http-error";
import { parseModelInfo, parseSearchHits, type HubModelInfo, type HubSearchHit } from "./model-metadata";
import { etagOf, rangeResponseProblem, streamBodyInto } from "./range-body";
import { createSemaphore } from "./semaphore";
import { hostOf, originOf, resolveLocation } from "./url-parts";

/** Settings of a Hub client. */
export interface HubClientOptions {
  /** Injected fetch (globalThis.fetch in browsers and Node). */
  fetch: FetchLike;
  /** Hub origin; default https://huggingface.co. */
  baseUrl?: string;
  /** Hugging Face token; sent only in the Authorization header of Hub-origin requests. */
  token?: string | null;
  /** Requests in flight at most (default 6). */
  maxParallel?: number;
  /** Attempts per request for transient failures (default 5). */
  maxAttempts?: number;
  /** First backoff delay in ms; doubles each retry, plus up to 50 % jitter (default 250). */
  retryBaseMs?: number;
  /** Cap on any single wait, including Retry-After (default 30 s). */
  maxWaitMs?: number;
  /** Abort and retry a request whose response headers do not arrive in time (default 30 s; 0 = never). */
  headersTimeoutMs?: number;
  /** Drop and resume a Range read whose body sends nothing for this long (default 30 s; 0 = never). */
  bodyStallTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
}

/** Counters over the client's life, for "bytes actually read" reports. */
export interface HubStats {
  requests: number;
  retries: number;
  /** Body bytes received. */
  bytesRead: number;
  /** Times a signed URL expired and the file was resolved again. */
  reResolves: number;
}

/** Per-call options of readRange. */
export interface RangeReadOptions {
  /** Called with the size of each body chunk as it lands; over one read the sizes add up to end - start. */
  onProgress?: (bytes: number) => void;
}

/** A file in a repo tree. */
export interface HubFile {
  path: string;
  size: number;
}

/** The Hub operations the app needs, over an injected fetch. */
export interface HubClient {
  readonly baseUrl: string;
  readonly stats: HubStats;
  /** Resolves a branch/tag/sha (null = "main") to the commit sha the Hub reports. */
  resolveRevision(repo: string, revision: string | null): Promise<string>;
  /** Every file of the repo at `sha`, recursively. */
  listFiles(repo: string, sha: string): Promise<HubFile[]>;
  /** A whole (small) file, e.g. config.json. */
  readFile(repo: string, sha: string, path: string): Promise<Uint8Array>;
  /**
   * Bytes [start, end) of a file: resolved once, then Range-read at the redirect target into one
   * exact buffer (byteOffset 0). A connection dropped mid-body resumes from the first missing byte.
   */
  readRange(repo: string, sha: string, path: string, start: number, end: number, opts?: RangeReadOptions): Promise<Uint8Array>;
  /** Models whose id matches `query` (GET /api/models?search=; default limit 20). */
  searchModels(query: string, opts?: { limit?: number }): Promise<HubSearchHit[]>;
  /** Id, sha, gating, license, architecture, parameter count, dtype and files at a revision (null = "main"). */
  modelInfo(repo: string, revision: string | null): Promise<HubModelInfo>;
}

const DEFAULT_BASE = "https://huggingface.co";

/** Creates a Hub client. See HubClientOptions for retry and parallelism settings. */
export function createHubClient(opts: HubClientOptions): HubClient {
  const baseUrl = (opts.baseUrl ?? DEFAULT_BASE).replace(/\/+$/, "");
  const hubOrigin = originOf(baseUrl);
  if (!hubOrigin) throw new TypeError(`Hub base URL must be absolute (https://...), got "${baseUrl}"`);
  const token = opts.token ?? null;
  const maxAttempts = opts.maxAttempts ?? 5;
  const retryBaseMs = opts.retryBaseMs ?? 250;
  const maxWaitMs = opts.maxWaitMs ?? 30_000;
  const headersTimeoutMs = opts.headersTimeoutMs ?? 30_000;
  const bodyStallTimeoutMs = opts.bodyStallTimeoutMs ?? 30_000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const semaphore = createSemaphore(opts.maxParallel ?? 6);
  const stats: HubStats = { requests: 0, retries: 0, bytesRead: 0, reResolves: 0 };
  /** Resolve URL -> pinned redirect target (signed CDN URL). */
  const targets = new Map<string, string>();

  const headersFor = (url: string, extra: Record<string, string> = {}): Record<string, string> => {
    const h: Record<string, string> = { ...extra };
    // The token goes to the Hub origin only, never to the CDN or anywhere else.
    if (token && originOf(url) === hubOrigin) h["Authorization"] = `Bearer ${token}`;
    return h;
  };

  /** Per-response cleanup (timer, abort link), run once its body is read or discarded. */
  const cleanups = new Map<FetchResponseLike, () => void>();
  const cleanup = (res: FetchResponseLike): void => {
    cleanups.get(res)?.();
    cleanups.delete(res);
  };

  /**
   * One fetch. Without response headers within `headersTimeoutMs` the request is aborted and
   * counts as a network error (retried): a stalled connection must not hang a merge.
   */
  const send = async (url: string, headers: Record<string, string>, redirect: "follow" | "manual"): Promise<FetchResponseLike> => {
    opts.signal?.throwIfAborted();
    stats.requests++;
    const ctl = typeof AbortController === "function" ? new AbortController() : null;
    const onAbort = (): void => ctl?.abort(opts.signal?.reason);
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    let timedOut = false;
    const timer = ctl && headersTimeoutMs > 0 ? setTimeout(() => { timedOut = true; ctl.abort(); }, headersTimeoutMs) : null;
    const release = (): void => opts.signal?.removeEventListener("abort", onAbort);
    try {
      const signal = ctl?.signal ?? opts.signal;
      const res = await opts.fetch(url, { headers, redirect, ...(signal ? { signal } : {}) });
      cleanups.set(res, release);
      return res;
    } catch (err) {
      release();
      if (opts.signal?.aborted) throw err;
      const why = timedOut ? `no response within ${headersTimeoutMs / 1000} s` : (err as Error).message;
      throw new HubError("NETWORK", `network error reaching ${hostOf(url)}: ${why}; check the connection`, { url });
    } finally {
      if (timer !== null) clearTimeout(timer);
    }
  };

  const readBody = async (res: FetchResponseLike, url: string): Promise<Uint8Array> => {
    try {
      const bytes = new Uint8Array(await res.arrayBuffer());
      stats.bytesRead += bytes.byteLength;
      return bytes;
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      throw new HubError("NETWORK", `connection dropped while reading ${hostOf(url)}: ${(err as Error).message}`, { url, status: res.status });
    } finally {
      cleanup(res);
    }
  };

  /** Releases a response body we will not read, so the connection can be reused. */
  const discard = (res: FetchResponseLike): void => {
    cleanup(res);
    res.body?.cancel().catch(() => undefined);
  };

  /** Runs `attempt` with bounded parallelism, retrying transient HubErrors with backoff. */
  const withRetry = async <T>(attempt: () => Promise<T>): Promise<T> => {
    for (let n = 1; ; n++) {
      try {
        return await semaphore.run(attempt);
      } catch (err) {
        if (!(err instanceof HubError) || !TRANSIENT_HUB_CODES.has(err.code) || n >= maxAttempts) throw err;
        stats.retries++;
        const backoff = retryBaseMs * 2 ** (n - 1) * (1 + Math.random() * 0.5);
        await sleep(Math.min(maxWaitMs, err.retryAfterMs ?? backoff));
      }
    }
  };

  const apiJson = async (url: string, ctx: RequestContext): Promise<{ json: unknown; res: FetchResponseLike }> =>
    withRetry(async () => {
      const res = await send(url, headersFor(url, { Accept: "application/json" }), "follow");
      if (!res.ok) {
        discard(res);
        throw mapHttpError(res, url, ctx);
      }
      const body = await readBody(res, url);
      try {
        return { json: JSON.parse(new TextDecoder().decode(body)) as unknown, res };
      } catch {
        throw new HubError("BAD_RESPONSE", `the Hub sent invalid JSON for ${ctx.repo}`, { url, status: res.status });
      }
    });

  const repoPath = (repo: string): string => repo.split("/").map(encodeURIComponent).join("/");
  const filePath = (path: string): string => path.split("/").map(encodeURIComponent).join("/");
  const resolveUrl = (repo: string, sha: string, path: string): string =>
    `${baseUrl}/${repoPath(repo)}/resolve/${encodeURIComponent(sha)}/${filePath(path)}`;

  /**
   * One GET of `resolve` (optionally with a Range), following a redirect by hand where the
   * runtime lets us see it (Node), so the Authorization header never travels to the CDN; in
   * browsers the redirect is opaque, so we follow it and pin `res.url` (the browser itself
   * drops Authorization on cross-origin redirects). Returns the OK response, body unread.
   */
  const openFile = async (repo: string, sha: string, path: string, range: [number, number] | null): Promise<{ res: FetchResponseLike; url: string }> => {
    const ctx: RequestContext = { repo, revision: sha, path, hasToken: token !== null, hubUrl: baseUrl };
    const key = resolveUrl(repo, sha, path);
    const rangeHeader: Record<string, string> = range ? { Range: `bytes=${range[0]}-${range[1] - 1}` } : {};
    for (let resolves = 0; ; resolves++) {
      const pinned = targets.get(key);
      const url = pinned ?? key;
      let res = await send(url, headersFor(url, rangeHeader), pinned ? "follow" : "manual");
      let finalUrl = url;
      if (!pinned && res.status >= 300 && res.status < 400) {
        const location = res.headers.get("location");
        discard(res);
        if (!location) throw new HubError("BAD_RESPONSE", `the Hub redirected '${path}' without a Location header`, { url, status: res.status });
        finalUrl = resolveLocation(location, url);
        res = await send(finalUrl, headersFor(finalUrl, rangeHeader), "follow");
      } else if (!pinned && (res.type === "opaqueredirect" || res.status === 0)) {
        discard(res);
        res = await send(url, headersFor(url, rangeHeader), "follow");
        finalUrl = res.url || url;
      }
      if ((res.status === 403 || res.status === 410) && finalUrl !== key && resolves < 2) {
        // The signed URL expired: forget it and resolve the file again.
        discard(res);
        targets.delete(key);
        stats.reResolves++;
        continue;
      }
      if (!res.ok) {
        discard(res);
        if ((res.status === 403 || res.status === 410) && finalUrl !== key) {
          throw new HubError("FORBIDDEN", `the download URL of '${path}' in '${repo}' was refused (HTTP ${res.status}) even after resolving it again; check the machine's clock and retry`, { url: finalUrl, status: res.status });
        }
        throw mapHttpError(res, finalUrl, ctx);
      }
      if (finalUrl !== key) targets.set(key, finalUrl);
      return { res, url: finalUrl };
    }
  };

  /**
   * Bytes [start, end) streamed into one buffer of exactly that size. Each attempt asks only for
   * the bytes still missing, so a drop costs a retry (same backoff and attempt limit as any
   * transient error) but never a second download of what already arrived. The URL pins the
   * commit sha; the ETag check guards against a CDN answering a resume with another object.
   */
  const readRangeInto = (repo: string, sha: string, path: string, start: number, end: number, onProgress?: (bytes: number) => void): Promise<Uint8Array> => {
    const buf = new Uint8Array(end - start);
    let got = 0;
    let firstEtag: string | null = null;
    return withRetry(async () => {
      const from = start + got;
      const { res, url } = await openFile(repo, sha, path, [from, end]);
      const r = { path, url, from, end };
      try {
        const problem = rangeResponseProblem(res, r);
        if (problem) throw problem;
        const etag = etagOf(res);
        if (got === 0) firstEtag = etag;
        else if (firstEtag !== null && etag !== null && etag !== firstEtag) {
          throw new HubError(
            "BAD_RESPONSE",
            `'${path}' of ${repo}@${sha} changed while it was being read: the resumed request got ETag ${etag}, the first one ${firstEtag}; the two were not mixed. Retry; if it persists the download server is serving two versions of the file`,
            { url, status: res.status },
          );
        }
        const onChunk = (n: number): void => {
          got += n;
          stats.bytesRead += n;
          onProgress?.(n);
        };
        await streamBodyInto(res, buf, got, r, { onChunk, isAborted: () => opts.signal?.aborted === true, stallMs: bodyStallTimeoutMs });
        return buf;
      } finally {
        discard(res);
      }
    });
  };

  return {
    baseUrl,
    stats,
    async resolveRevision(repo, revision) {
      const rev = revision ?? "main";
      const url = `${baseUrl}/api/models/${repoPath(repo)}/revision/${encodeURIComponent(rev)}`;
      const { json } = await apiJson(url, { repo, revision: rev, hasToken: token !== null, hubUrl: baseUrl });
      const sha = (json as { sha?: unknown }).sha;
      if (typeof sha !== "string" || !/^[0-9a-f]{40}$/.test(sha)) {
        throw new HubError("BAD_RESPONSE", `the Hub did not report a commit sha for ${repo}@${rev}`, { url });
      }
      return sha;
    },
    async listFiles(repo, sha) {
      const files: HubFile[] = [];
      let url: string | null = `${baseUrl}/api/models/${repoPath(repo)}/tree/${encodeURIComponent(sha)}?recursive=true&expand=false`;
      for (let page = 0; url !== null && page < 1000; page++) {
        const { json, res } = await apiJson(url, { repo, revision: sha, hasToken: token !== null, hubUrl: baseUrl });
        if (!Array.isArray(json)) throw new HubError("BAD_RESPONSE", `the Hub file list of ${repo} is not an array`, { url });
        for (const e of json as { type?: unknown; path?: unknown; size?: unknown }[]) {
          if (e.type === "file" && typeof e.path === "string" && typeof e.size === "number") files.push({ path: e.path, size: e.size });
        }
        url = nextLink(res.headers.get("link"), url);
      }
      return files;
    },
    async searchModels(query, { limit = 20 } = {}) {
      const url = `${baseUrl}/api/models?search=${encodeURIComponent(query)}&limit=${Math.max(1, Math.floor(limit))}`;
      const { json } = await apiJson(url, { repo: "model search", hasToken: token !== null, hubUrl: baseUrl });
      return parseSearchHits(json, url);
    },
    async modelInfo(repo, revision) {
      const rev = revision ?? "main";
      const url = `${baseUrl}/api/models/${repoPath(repo)}/revision/${encodeURIComponent(rev)}`;
      const { json } = await apiJson(url, { repo, revision: rev, hasToken: token !== null, hubUrl: baseUrl });
      return parseModelInfo(json, repo, url);
    },
    readFile: (repo, sha, path) =>
      withRetry(async () => {
        const { res, url } = await openFile(repo, sha, path, null);
        return readBody(res, url);
      }),
    readRange(repo, sha, path, start, end, rangeOpts) {
      if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && end > start)) {
        return Promise.reject(new RangeError(`invalid byte range [${start}, ${end}) for '${path}'`));
      }
      return readRangeInto(repo, sha, path, start, end, rangeOpts?.onProgress);
    },
  };
}

/** The rel="next" target of a Link header, resolved against the current URL. */
function nextLink(link: string | null, current: string): string | null {
  if (!link) return null;
  const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link);
  return m?.[1] ? resolveLocation(m[1], current) : null;
}
