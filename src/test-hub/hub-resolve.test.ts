import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "./hub-server.ts";
import { TESTBED_DIR } from "../test-support/shared-dirs.ts";

const TESTBED = TESTBED_DIR;
const WEIGHTS = readFileSync(`${TESTBED}/base/model.safetensors`);
let hub: TestHub;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "test-hub-"));
  mkdirSync(join(tmp, "gated"));
  writeFileSync(join(tmp, "gated", "model.safetensors"), WEIGHTS.subarray(0, 4096));
  writeFileSync(join(tmp, "gated", ".hub.json"), '{"gated": "manual", "grantedTokens": ["tok-ok"]}');
  hub = await startTestHub({ orgs: { testbed: TESTBED }, repos: { "acme/gated": join(tmp, "gated") }, tokens: ["tok-ok", "tok-other"] });
});
afterAll(async () => {
  await hub.close();
  rmSync(tmp, { recursive: true, force: true });
});

const resolveUrl = (repo: string, path: string, rev = "main") => `${hub.url}/${repo}/resolve/${rev}/${path}`;

/** The signed CDN URL a resolve redirects to. */
async function cdnLocation(repo = "testbed/base", path = "model.safetensors", headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(resolveUrl(repo, path), { redirect: "manual", headers });
  expect(res.status).toBe(302);
  return res.headers.get("location")!;
}

describe("resolve", () => {
  it("redirects LFS files to the second origin with the Hub's headers", async () => {
    for (const method of ["GET", "HEAD"]) {
      const res = await fetch(resolveUrl("testbed/base", "model.safetensors"), { method, redirect: "manual" });
      expect(res.status).toBe(302);
      const loc = new URL(res.headers.get("location")!);
      expect(loc.origin).toBe(hub.cdnUrl);
      expect(loc.searchParams.get("expires")).toMatch(/^\d+$/);
      expect(res.headers.get("x-repo-commit")).toBe(hub.commitSha("testbed/base"));
      expect(res.headers.get("x-linked-size")).toBe(String(WEIGHTS.length));
      expect(res.headers.get("x-linked-etag")).toMatch(/^"[0-9a-f]{64}"$/);
      expect(res.headers.get("etag")).toBe(res.headers.get("x-linked-etag"));
    }
  });

  it("serves small files directly, like the Hub, and by redirect when redirect=all", async () => {
    const res = await fetch(resolveUrl("testbed/base", "config.json"), { redirect: "manual" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-repo-commit")).toBe(hub.commitSha("testbed/base"));
    expect(await res.text()).toBe(readFileSync(`${TESTBED}/base/config.json`, "utf8"));
    hub.options.redirect = "all";
    try {
      const r2 = await fetch(resolveUrl("testbed/base", "config.json"), { redirect: "manual" });
      expect(r2.status).toBe(302);
      expect(await (await fetch(r2.headers.get("location")!)).text()).toBe(readFileSync(`${TESTBED}/base/config.json`, "utf8"));
    } finally {
      hub.options.redirect = "lfs";
    }
  });

  it("resolves by commit sha, and 404s missing files and revisions with the Hub's error codes", async () => {
    const sha = hub.commitSha("testbed/base");
    expect((await fetch(resolveUrl("testbed/base", "model.safetensors", sha), { redirect: "manual" })).status).toBe(302);
    const missing = await fetch(resolveUrl("testbed/base", "nope.bin"), { redirect: "manual" });
    expect([missing.status, missing.headers.get("x-error-code")]).toEqual([404, "EntryNotFound"]);
    const badRev = await fetch(resolveUrl("testbed/base", "config.json", "0".repeat(40)), { redirect: "manual" });
    expect([badRev.status, badRev.headers.get("x-error-code")]).toEqual([404, "RevisionNotFound"]);
  });

  it("gates files: 401 without a token, 403 for a token without access, 302 for a granted token", async () => {
    const anon = await fetch(resolveUrl("acme/gated", "model.safetensors"), { redirect: "manual" });
    expect([anon.status, anon.headers.get("x-error-code")]).toEqual([401, "GatedRepo"]);
    const other = await fetch(resolveUrl("acme/gated", "model.safetensors"), { redirect: "manual", headers: { Authorization: "Bearer tok-other" } });
    expect([other.status, other.headers.get("x-error-code")]).toEqual([403, "GatedRepo"]);
    await cdnLocation("acme/gated", "model.safetensors", { Authorization: "Bearer tok-ok" });
    // Model info stays public for gated repos, and says it is gated.
    expect(((await (await fetch(`${hub.url}/api/models/acme/gated`)).json()) as { gated: string }).gated).toBe("manual");
  });
});

describe("CDN origin", () => {
  const range = async (r: string) => fetch(await cdnLocation(), { headers: { Range: r } });

  it("serves whole files with ETag, Accept-Ranges, Content-Length and CORS", async () => {
    const res = await fetch(await cdnLocation());
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(WEIGHTS)).toBe(true);
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("content-length")).toBe(String(WEIGHTS.length));
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-expose-headers")).toMatch(/Content-Range.*ETag|ETag.*Content-Range/);
    expect(res.headers.get("x-repo-commit")).toBe(hub.commitSha("testbed/base"));
  });

  it("answers bytes=a-b, a-, and suffix ranges with 206 and the right bytes", async () => {
    const n = WEIGHTS.length;
    for (const [hdr, a, b] of [["bytes=0-7", 0, 7], ["bytes=100-", 100, n - 1], ["bytes=-10", n - 10, n - 1], ["bytes=5-99999999", 5, n - 1]] as const) {
      const res = await range(hdr);
      expect(res.status).toBe(206);
      expect(res.headers.get("content-range")).toBe(`bytes ${a}-${b}/${n}`);
      expect(Buffer.from(await res.arrayBuffer()).equals(WEIGHTS.subarray(a, b + 1))).toBe(true);
    }
  });

  it("answers 416 for unsatisfiable ranges and 200 for malformed ones", async () => {
    const res = await range(`bytes=${WEIGHTS.length}-`);
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe(`bytes */${WEIGHTS.length}`);
    expect((await range("bytes=9-3")).status).toBe(200);
    expect((await range("items=0-3")).status).toBe(200);
  });

  it("answers multi-range requests with multipart/byteranges", async () => {
    const res = await range("bytes=0-3,10-13");
    expect(res.status).toBe(206);
    expect(res.headers.get("content-type")).toMatch(/^multipart\/byteranges; boundary=/);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.toString("latin1")).toContain(`Content-Range: bytes 10-13/${WEIGHTS.length}`);
    expect(body.includes(WEIGHTS.subarray(10, 14))).toBe(true);
  });

  it("answers If-None-Match with 304 and CORS preflights with 204", async () => {
    const loc = await cdnLocation();
    const etag = (await fetch(loc, { method: "HEAD" })).headers.get("etag")!;
    expect((await fetch(loc, { headers: { "If-None-Match": etag } })).status).toBe(304);
    const pre = await fetch(loc, { method: "OPTIONS", headers: { Origin: "http://app", "Access-Control-Request-Headers": "range" } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-headers")).toMatch(/Range/);
  });

  it("rejects expired and tampered signed URLs with 403 so clients re-resolve", async () => {
    hub.options.signedUrlTtlMs = 30;
    const loc = await cdnLocation();
    hub.options.signedUrlTtlMs = 3_600_000;
    await new Promise((r) => setTimeout(r, 60));
    const expired = await fetch(loc);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/expired/);
    expect((await fetch(loc.replace(/expires=\d+/, `expires=${Date.now() + 1e6}`))).status).toBe(403);
    const again = await fetch(await cdnLocation());
    expect(again.status).toBe(200);
    await again.body?.cancel();
  });

  it("counts bytes served per repo and file", async () => {
    hub.stats.reset();
    // task_b: no other test streams its weights, so late bytes of unread bodies cannot leak in.
    await (await fetch(await cdnLocation("testbed/task_b"), { headers: { Range: "bytes=0-999" } })).arrayBuffer();
    await (await fetch(resolveUrl("testbed/task_a", "config.json"))).arrayBuffer();
    expect(hub.stats.bytesFor("testbed/task_b")).toBe(1000);
    expect(hub.stats.repos.get("testbed/task_b")!.files.get("model.safetensors")!.bytesServed).toBe(1000);
    expect(hub.stats.bytesFor("testbed/task_a")).toBe(readFileSync(`${TESTBED}/task_a/config.json`).length);
    expect(hub.stats.routes.get("resolve")).toBe(2);
  });
});
