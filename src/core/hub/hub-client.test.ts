// Real HTTP against the project's local Hub server (src/test-hub): no fetch mocks.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test-hub/hub-server";
import { TESTBED_DIR } from "../../test-support/shared-dirs";
import { buildTestModel } from "../plan/testing/build-test-model";
import { createHubClient, type HubClient } from "./hub-client";
import { HubError } from "./hub-error";

let hub: TestHub;
let dir: string;
const TOKEN = "hf_test_token_123";
const TESTBED = TESTBED_DIR;
const waits: number[] = [];

function client(token: string | null = null, extra: Partial<Parameters<typeof createHubClient>[0]> = {}): HubClient {
  return createHubClient({
    fetch: globalThis.fetch, baseUrl: hub.url, token,
    sleep: (ms) => { waits.push(ms); return Promise.resolve(); },
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<HubError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(HubError);
  return err as HubError;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hub-client-"));
  for (const name of ["open", "gated"]) {
    mkdirSync(join(dir, name));
    for (const [path, bytes] of buildTestModel({ layers: 2, shards: 2 })) writeFileSync(join(dir, name, path), bytes);
  }
  hub = await startTestHub({ tokens: [TOKEN], orgs: { testbed: TESTBED }, repos: { "org/open": join(dir, "open"), "org/gated": { dir: join(dir, "gated"), settings: { gated: "manual" } } } });
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  hub.faults.clear();
  hub.faults.resetCounts();
  hub.options.signedUrlTtlMs = 3_600_000;
  hub.options.treePageSize = 1000;
  waits.length = 0;
});

describe("createHubClient against the local Hub", () => {
  it("pins the revision to a sha, lists files and Range-reads through the CDN redirect", async () => {
    const c = client();
    const sha = await c.resolveRevision("org/open", null);
    expect(sha).toBe(hub.commitSha("org/open"));
    const files = await c.listFiles("org/open", sha);
    expect(files.map((f) => f.path)).toContain("model-00001-of-00002.safetensors");
    const bytes = await c.readRange("org/open", sha, "model-00001-of-00002.safetensors", 0, 8);
    expect(bytes.byteLength).toBe(8);
    const before = hub.stats.routes.get("resolve") ?? 0;
    await c.readRange("org/open", sha, "model-00001-of-00002.safetensors", 8, 20);
    expect(hub.stats.routes.get("resolve") ?? 0).toBe(before); // the redirect target was reused
  });

  it("follows Link pagination of the file tree", async () => {
    const c = client();
    const sha = await c.resolveRevision("org/open", null);
    const all = await c.listFiles("org/open", sha);
    hub.options.treePageSize = 2;
    const paged = await client().listFiles("org/open", sha);
    expect(all.length).toBeGreaterThan(2);
    expect(paged).toEqual(all);
  });

  it("retries a connection dropped mid-body, a 503 and a 429 (waiting Retry-After)", async () => {
    const c = client();
    const sha = await c.resolveRevision("org/open", "main");
    hub.faults.set([{ kind: "drop", afterBytes: 4, origin: "cdn" }, { kind: "status503", origin: "cdn" }, { kind: "status429", retryAfterSeconds: 7, origin: "cdn" }]);
    const bytes = await c.readRange("org/open", sha, "model-00002-of-00002.safetensors", 0, 64);
    expect(bytes.byteLength).toBe(64);
    expect(hub.faults.fired).toMatchObject({ drop: 1, status503: 1, status429: 1 });
    expect(waits).toContain(7000);
    expect(c.stats.retries).toBe(3);
  });

  it("aborts and retries a request stalled before its response headers", async () => {
    const c = client(null, { headersTimeoutMs: 500 });
    const sha = await c.resolveRevision("org/open", null);
    hub.faults.set({ kind: "slow", delayMs: 2500, origin: "cdn" });
    const bytes = await c.readRange("org/open", sha, "model-00001-of-00002.safetensors", 0, 8);
    expect(bytes.byteLength).toBe(8);
    expect(hub.faults.fired.slow).toBe(1);
    expect(c.stats.retries).toBeGreaterThanOrEqual(1);
  });

  it("gives up on persistent 5xx with an HTTP HubError after maxAttempts", async () => {
    const c = client(null, { maxAttempts: 3 });
    hub.faults.set({ kind: "status503", origin: "api", times: 5 });
    const err = await failure(c.resolveRevision("org/open", null));
    expect(err.code).toBe("HTTP");
    expect(err.status).toBe(503);
    expect(hub.faults.fired.status503).toBe(3);
  });

  it("re-resolves an expired signed URL", async () => {
    const c = client();
    const sha = await c.resolveRevision("org/open", null);
    hub.options.signedUrlTtlMs = 250;
    await c.readRange("org/open", sha, "model-00001-of-00002.safetensors", 0, 8);
    await new Promise((r) => setTimeout(r, 300));
    hub.options.signedUrlTtlMs = 3_600_000; // the fresh URL stays valid however slow the machine is
    const bytes = await c.readRange("org/open", sha, "model-00001-of-00002.safetensors", 0, 8);
    expect(bytes.byteLength).toBe(8);
    expect(c.stats.reResolves).toBe(1);
  });

  it("maps gated, not-found and revision errors to specific codes and messages", async () => {
    const anon = client();
    const sha = await anon.resolveRevision("org/gated", null);
    const gated = await failure(anon.readRange("org/gated", sha, "model-00001-of-00002.safetensors", 0, 8));
    expect(gated.code).toBe("GATED");
    expect(gated.message).toContain("this repo is gated; add a Hugging Face token with access");
    expect(gated.status).toBe(401);
    const withToken = await client(TOKEN).readRange("org/gated", sha, "model-00001-of-00002.safetensors", 0, 8);
    expect(withToken.byteLength).toBe(8);

    expect((await failure(anon.resolveRevision("org/nope", null))).code).toBe("REPO_NOT_FOUND");
    const rev = await failure(anon.resolveRevision("org/open", "v9"));
    expect(rev.code).toBe("REVISION_NOT_FOUND");
    expect(rev.message).toContain("'v9'");
    const entry = await failure(anon.readFile("org/open", sha, "missing.json"));
    expect(entry.code).toBe("ENTRY_NOT_FOUND");
    expect(entry.message).toContain("missing.json");
    expect((await failure(client("hf_wrong").resolveRevision("org/open", null))).code).toBe("UNAUTHORIZED");
  });

  it("never puts the token in a URL and never sends it to the CDN origin", async () => {
    const seen: { url: string; auth: string | undefined }[] = [];
    const c = client(TOKEN, {
      fetch: (url, init) => {
        seen.push({ url, auth: init?.headers?.["Authorization"] });
        return globalThis.fetch(url, init);
      },
    });
    const sha = await c.resolveRevision("org/gated", null);
    await c.readRange("org/gated", sha, "model-00002-of-00002.safetensors", 0, 16);
    expect(seen.some((s) => s.url.startsWith(hub.cdnUrl))).toBe(true);
    for (const s of seen) {
      expect(s.url).not.toContain(TOKEN);
      expect(s.auth === undefined).toBe(s.url.startsWith(hub.cdnUrl));
    }
  });

  it("bounds the number of requests in flight", async () => {
    let active = 0;
    let peak = 0;
    const c = client(null, {
      maxParallel: 2,
      fetch: async (url, init) => {
        peak = Math.max(peak, ++active);
        try {
          const res = await globalThis.fetch(url, init);
          await new Promise((r) => setTimeout(r, 5));
          return res;
        } finally {
          active--;
        }
      },
    });
    const sha = await c.resolveRevision("org/open", null);
    await Promise.all(Array.from({ length: 8 }, (_, i) => c.readRange("org/open", sha, "model-00001-of-00002.safetensors", i, i + 4)));
    expect(peak).toBeLessThanOrEqual(2);
  });

  it("refuses a server that ignores Range instead of downloading the whole file", async () => {
    const server = createServer((_req, res) => res.writeHead(200, { "Content-Length": "100000" }).end(Buffer.alloc(100_000)));
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    try {
      const c = client(null, { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      const err = await failure(c.readRange("org/x", "a".repeat(40), "model.safetensors", 0, 8));
      expect(err.code).toBe("RANGE_UNSUPPORTED");
      expect(c.stats.bytesRead).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    }
  });
});

describe("model search and model info", () => {
  it("search finds a testbed repo, honours the limit and retries a 503", async () => {
    hub.faults.set({ kind: "status503", origin: "api" });
    const hits = await client().searchModels("testbed/task");
    expect(hits.map((h) => h.id).sort()).toEqual(["testbed/task_a", "testbed/task_b", "testbed/task_c"]);
    expect(hits[0]).toMatchObject({ gated: false, downloads: expect.any(Number) as number });
    expect(hub.faults.fired).toMatchObject({ status503: 1 });
    expect(waits.length).toBe(1);
    expect(await client().searchModels("testbed/task", { limit: 2 })).toHaveLength(2);
    expect(await client().searchModels("no-such-model-anywhere")).toEqual([]);
  });

  it("model info of a testbed repo: sha, architecture, parameter count and dtype from its files", async () => {
    const config = JSON.parse(readFileSync(join(TESTBED, "base", "config.json"), "utf8")) as { architectures: string[] };
    const info = await client().modelInfo("testbed/base", null);
    expect(info.id).toBe("testbed/base");
    expect(info.sha).toBe(hub.commitSha("testbed/base"));
    expect(info.architecture).toBe(config.architectures[0]);
    expect(info.dtype).toBe("BF16");
    // Every tensor of the single bf16 shard counts: 2 bytes each, plus the 8-byte length and the JSON header.
    const shard = readFileSync(join(TESTBED, "base", "model.safetensors"));
    const headerLen = Number(shard.readBigUInt64LE(0));
    expect(info.parameters).toBe((shard.byteLength - 8 - headerLen) / 2);
    expect(info.files.sort()).toEqual(readdirSync(join(TESTBED, "base")).sort());
    expect(info.gated).toBe(false);
    expect((await client().modelInfo("testbed/base", info.sha)).sha).toBe(info.sha);
  });

  it("a gated repo: info says gated, config.json without a token is GATED, with a token it reads", async () => {
    const info = await client().modelInfo("org/gated", null);
    expect(info.gated).toBe("manual");
    const err = await failure(client().readFile("org/gated", "main", "config.json"));
    expect(err.code).toBe("GATED");
    expect(err.message).toContain("token");
    // The access link points at the Hub the client talks to (a mirror or this test Hub), not huggingface.co.
    expect(err.message).toContain(`${hub.url}/org/gated`);
    const bytes = await client(TOKEN).readFile("org/gated", "main", "config.json");
    expect(JSON.parse(new TextDecoder().decode(bytes))).toHaveProperty("model_type");
  });

  it("a missing repo is REPO_NOT_FOUND and a missing revision REVISION_NOT_FOUND, without retries", async () => {
    expect((await failure(client().modelInfo("testbed/missing", null))).code).toBe("REPO_NOT_FOUND");
    expect((await failure(client(TOKEN).modelInfo("testbed/missing", null))).code).toBe("REPO_NOT_FOUND");
    expect((await failure(client().modelInfo("testbed/base", "nope"))).code).toBe("REVISION_NOT_FOUND");
    expect(waits).toEqual([]);
  });
});
