import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSafetensorsFile } from "../core/safetensors/index.ts";
import { readFileSync } from "node:fs";
import { startTestHub, type TestHub } from "./hub-server.ts";
import { TESTBED_DIR } from "../test-support/shared-dirs.ts";

const TESTBED = TESTBED_DIR;
let hub: TestHub;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "test-hub-"));
  const repo = (name: string, files: Record<string, string>) => {
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(join(tmp, "acme", name, p, ".."), { recursive: true });
      writeFileSync(join(tmp, "acme", name, p), text);
    }
  };
  repo("nested", { "config.json": '{"model_type":"llama"}', "sub/dir/a.txt": "hello", "sub/b.txt": "bee", "c.txt": "sea" });
  repo("secret", { "config.json": "{}", ".hub.json": '{"private": true, "grantedTokens": ["tok-ok"]}' });
  hub = await startTestHub({ root: tmp, orgs: { testbed: TESTBED }, tokens: ["tok-ok", "tok-other"] });
});
afterAll(async () => {
  await hub.close();
  rmSync(tmp, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${hub.url}${path}`, { headers, redirect: "manual" });

describe("GET /api/models/{repo}", () => {
  it("answers id, a stable content-derived sha, siblings, config and safetensors counts", async () => {
    const res = await get("/api/models/testbed/base");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const info = (await res.json()) as Record<string, unknown>;
    expect(info.id).toBe("testbed/base");
    expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(info.sha).toBe(hub.commitSha("testbed/base"));
    expect(info.sha).not.toBe(hub.commitSha("testbed/task_a"));
    expect(info.gated).toBe(false);
    expect(info.private).toBe(false);
    expect((info.siblings as { rfilename: string }[]).map((s) => s.rfilename)).toContain("model.safetensors");
    expect(info.config).toEqual({ architectures: ["LlamaForCausalLM"], model_type: "llama" });
    const header = parseSafetensorsFile(new Uint8Array(readFileSync(`${TESTBED}/base/model.safetensors`)));
    const numel = header.tensors.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
    expect(info.safetensors).toEqual({ parameters: { BF16: numel }, total: numel });
  });

  it("resolves main and the sha as revisions; rejects unknown revisions with RevisionNotFound", async () => {
    const sha = hub.commitSha("testbed/base");
    expect(((await (await get(`/api/models/testbed/base/revision/${sha}`)).json()) as { sha: string }).sha).toBe(sha);
    expect((await get("/api/models/testbed/base/revision/main")).status).toBe(200);
    const bad = await get("/api/models/testbed/base/revision/nope");
    expect(bad.status).toBe(404);
    expect(bad.headers.get("x-error-code")).toBe("RevisionNotFound");
  });

  it("answers unknown repos like the Hub: 401 anonymously, 404 with a valid token, 401 for a bad token", async () => {
    const anon = await get("/api/models/nobody/nothing");
    expect(anon.status).toBe(401);
    expect(anon.headers.get("x-error-code")).toBe("RepoNotFound");
    const authed = await get("/api/models/nobody/nothing", { Authorization: "Bearer tok-ok" });
    expect(authed.status).toBe(404);
    expect(authed.headers.get("x-error-code")).toBe("RepoNotFound");
    expect((await get("/api/models/testbed/base", { Authorization: "Bearer wrong" })).status).toBe(401);
  });

  it("hides private repos from everyone but granted tokens", async () => {
    expect((await get("/api/models/acme/secret")).status).toBe(401);
    expect((await get("/api/models/acme/secret", { Authorization: "Bearer tok-other" })).status).toBe(404);
    expect((await get("/api/models/acme/secret", { Authorization: "Bearer tok-ok" })).status).toBe(200);
    const anonList = (await (await get("/api/models?search=secret")).json()) as unknown[];
    expect(anonList).toEqual([]);
    const list = (await (await get("/api/models?search=secret", { Authorization: "Bearer tok-ok" })).json()) as { id: string }[];
    expect(list.map((m) => m.id)).toEqual(["acme/secret"]);
  });
});

describe("GET /api/models/{repo}/tree/{rev}", () => {
  type Entry = { type: string; path: string; size: number; oid: string; lfs?: { oid: string; size: number } };
  it("lists direct children, or everything with recursive=true, with LFS info for weights", async () => {
    const top = (await (await get("/api/models/acme/nested/tree/main")).json()) as Entry[];
    expect(top.map((e) => `${e.type}:${e.path}`).sort()).toEqual(["directory:sub", "file:c.txt", "file:config.json"]);
    const all = (await (await get("/api/models/acme/nested/tree/main?recursive=true")).json()) as Entry[];
    expect(all.filter((e) => e.type === "file").map((e) => e.path).sort()).toEqual(["c.txt", "config.json", "sub/b.txt", "sub/dir/a.txt"]);
    expect(all.filter((e) => e.type === "directory").map((e) => e.path).sort()).toEqual(["sub", "sub/dir"]);
    const sub = (await (await get("/api/models/acme/nested/tree/main/sub")).json()) as Entry[];
    expect(sub.map((e) => e.path).sort()).toEqual(["sub/b.txt", "sub/dir"]);
    const tb = (await (await get("/api/models/testbed/base/tree/main?recursive=true")).json()) as Entry[];
    const st = tb.find((e) => e.path === "model.safetensors")!;
    expect(st.size).toBe(readFileSync(`${TESTBED}/base/model.safetensors`).length);
    expect(st.lfs?.oid).toMatch(/^[0-9a-f]{64}$/);
    expect(tb.find((e) => e.path === "config.json")?.lfs).toBeUndefined();
  });

  it("paginates with Link rel=next and the pages add up to the full list", async () => {
    hub.options.treePageSize = 2;
    try {
      const seen: string[] = [];
      let next: string | undefined = `${hub.url}/api/models/acme/nested/tree/main?recursive=true`;
      let pages = 0;
      while (next) {
        const res: Response = await fetch(next);
        seen.push(...((await res.json()) as Entry[]).map((e) => e.path));
        next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen.sort()).toEqual(["c.txt", "config.json", "sub", "sub/b.txt", "sub/dir", "sub/dir/a.txt"]);
    } finally {
      hub.options.treePageSize = 1000;
    }
  });

  it("404s a missing folder (EntryNotFound) and an unknown revision (RevisionNotFound)", async () => {
    expect((await get("/api/models/acme/nested/tree/main/none")).headers.get("x-error-code")).toBe("EntryNotFound");
    expect((await get("/api/models/acme/nested/tree/v9")).headers.get("x-error-code")).toBe("RevisionNotFound");
  });
});

describe("GET /api/models?search=", () => {
  it("filters by substring, author and limit", async () => {
    const ids = async (q: string) => ((await (await get(`/api/models?${q}`)).json()) as { id: string }[]).map((m) => m.id).sort();
    expect(await ids("search=task")).toEqual(["testbed/task_a", "testbed/task_b", "testbed/task_c"]);
    expect(await ids("author=acme")).toEqual(["acme/nested"]);
    expect((await ids("search=testbed&limit=2")).length).toBe(2);
    const [m] = (await (await get("/api/models?search=testbed/base")).json()) as Record<string, unknown>[];
    expect(m).toMatchObject({ id: "testbed/base", gated: false, library_name: "transformers" });
    expect(typeof m.downloads).toBe("number");
  });

  it("answers 400 to malformed percent-encoding instead of failing", async () => {
    expect((await get("/api/models/testbed/%E0%A4")).status).toBe(400);
  });

  it("answers CORS preflights allowing Authorization", async () => {
    const res = await fetch(`${hub.url}/api/models/testbed/base`, { method: "OPTIONS", headers: { Origin: "http://x", "Access-Control-Request-Headers": "authorization" } });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
  });
});
