// The test Hub's write side, driven by the real @huggingface/hub client (createRepo + commit with
// an LFS file), then read back through the same Hub API a merge reads models with.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, HubApiError, uploadFilesWithProgress } from "@huggingface/hub";
import { startTestHub, type TestHub } from "./hub-server.ts";
import { TESTBED_DIR } from "../test-support/shared-dirs.ts";

const WRITER = "hf_writer_token";
const READER = "hf_reader_token";
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ orgs: { testbed: TESTBED_DIR }, tokens: [WRITER, READER], writeTokens: [WRITER] });
});
afterAll(async () => {
  await hub.close();
});

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
/** Bytes of a file as a client reads them: resolve on the API origin, redirect to the CDN. */
const readBack = async (repo: string, path: string, token = WRITER) => {
  const res = await fetch(`${hub.url}/${repo}/resolve/main/${path}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status, `${repo}/${path}`).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
};
const post = (path: string, body: string, token?: string) =>
  fetch(`${hub.url}${path}`, { method: "POST", body, headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) } });

describe("upload: createRepo + commit as @huggingface/hub does it", () => {
  it("creates a repo, takes an LFS file and small files in one commit, and serves them at a new sha", async () => {
    hub.requests.reset();
    const weights = randomBytes(300_000);
    const config = Buffer.from('{"model_type":"llama"}');
    const notes = Buffer.from("nested file\n");
    await createRepo({ repo: { type: "model", name: "me/merged" }, accessToken: WRITER, hubUrl: hub.url });
    const emptySha = hub.commitSha("me/merged");

    const events: { path: string; state: string; progress: number }[] = [];
    const iter = uploadFilesWithProgress({
      repo: { type: "model", name: "me/merged" },
      accessToken: WRITER,
      hubUrl: hub.url,
      files: [
        { path: "model.safetensors", content: new Blob([weights]) },
        { path: "config.json", content: new Blob([config]) },
        { path: "docs/notes.txt", content: new Blob([notes]) },
      ],
    });
    let result;
    for (;;) {
      const r = await iter.next();
      if (r.done) {
        result = r.value;
        break;
      }
      if (r.value.event === "fileProgress") events.push({ path: r.value.path, state: r.value.state, progress: r.value.progress });
    }
    expect(result?.commit.oid).toBe(hub.commitSha("me/merged"));
    expect(result?.commit.oid).not.toBe(emptySha);
    expect(result?.commit.url).toBe(`${hub.url}/me/merged/commit/${result?.commit.oid}`);
    // The weights went through LFS: hashed, then uploaded to the end.
    expect(events.filter((e) => e.path === "model.safetensors").map((e) => e.state)).toEqual(expect.arrayContaining(["hashing", "uploading"]));
    expect(events.some((e) => e.path === "model.safetensors" && e.state === "uploading" && e.progress === 1)).toBe(true);

    expect(sha256(await readBack("me/merged", "model.safetensors"))).toBe(sha256(weights));
    expect(Buffer.from(await readBack("me/merged", "config.json")).equals(config)).toBe(true);
    expect(Buffer.from(await readBack("me/merged", "docs/notes.txt")).equals(notes)).toBe(true);
    const info = (await (await fetch(`${hub.url}/api/models/me/merged`)).json()) as { sha: string; siblings: { rfilename: string }[] };
    expect(info.sha).toBe(result?.commit.oid);
    expect(info.siblings.map((s) => s.rfilename).sort()).toEqual(["config.json", "docs/notes.txt", "model.safetensors"]);

    // The object PUT went to the CDN origin without the token; the token only ever reached the API origin.
    const puts = hub.requests.entries.filter((r) => r.origin === "cdn" && r.method === "PUT");
    expect(puts).toHaveLength(1);
    expect(puts[0].authorization).toBeUndefined();
    const carrying = hub.requests.carrying(WRITER);
    expect(carrying.length).toBeGreaterThanOrEqual(4); // create, preupload, batch, commit (+ reads)
    expect(carrying.every((r) => r.origin === "api")).toBe(true);
  });

  it("answers 409 for an existing repo, and skips the PUT of an LFS object it already holds", async () => {
    await createRepo({ repo: { type: "model", name: "me/twice" }, accessToken: WRITER, hubUrl: hub.url });
    const again = await createRepo({ repo: { type: "model", name: "me/twice" }, accessToken: WRITER, hubUrl: hub.url }).then(() => null, (e: unknown) => e);
    expect(again).toBeInstanceOf(HubApiError);
    expect((again as HubApiError).statusCode).toBe(409);

    const bytes = randomBytes(50_000);
    const upload = async () => {
      for await (const e of uploadFilesWithProgress({ repo: { type: "model", name: "me/twice" }, accessToken: WRITER, hubUrl: hub.url, files: [{ path: "a.safetensors", content: new Blob([bytes]) }] })) void e;
    };
    hub.requests.reset();
    await upload();
    expect(hub.requests.entries.filter((r) => r.method === "PUT")).toHaveLength(1);
    hub.requests.reset();
    await upload();
    expect(hub.requests.entries.filter((r) => r.method === "PUT")).toHaveLength(0);
    expect(sha256(await readBack("me/twice", "a.safetensors"))).toBe(sha256(bytes));
  });
});

describe("upload: multipart (the Hub's custom transfer for big objects)", () => {
  it("takes an object in parts (ETags exposed to browsers), joins and checks it, and serves it", async () => {
    hub.options.multipartChunkSize = 100_000;
    try {
      await createRepo({ repo: { type: "model", name: "me/parts" }, accessToken: WRITER, hubUrl: hub.url });
      const weights = randomBytes(250_001);
      hub.requests.reset();
      for await (const e of uploadFilesWithProgress({ repo: { type: "model", name: "me/parts" }, accessToken: WRITER, hubUrl: hub.url, files: [{ path: "model.safetensors", content: new Blob([weights]) }] })) void e;
      const partPuts = hub.requests.entries.filter((r) => r.method === "PUT");
      expect(partPuts.map((r) => r.url.split("?")[0]).sort()).toEqual([1, 2, 3].map((n) => `/__lfs-upload/${sha256(weights)}/part/${n}`));
      expect(partPuts.every((r) => r.origin === "cdn" && r.authorization === undefined)).toBe(true);
      expect(hub.requests.entries.some((r) => r.origin === "api" && r.url.startsWith(`/__lfs-complete/${sha256(weights)}`))).toBe(true);
      expect(sha256(await readBack("me/parts", "model.safetensors"))).toBe(sha256(weights));
      // A browser can read the ETag of a part only if the CORS answer exposes it.
      const pre = await fetch(`${hub.cdnUrl}/__lfs-upload/${"0".repeat(64)}/part/1`, { method: "OPTIONS" });
      expect(pre.headers.get("access-control-expose-headers")).toContain("ETag");
      expect(pre.headers.get("access-control-allow-methods")).toContain("PUT");
    } finally {
      hub.options.multipartChunkSize = undefined;
    }
  });
});

describe("upload: authorization", () => {
  it("refuses a missing, an invalid and a read-only token with Hub-style errors", async () => {
    const body = JSON.stringify({ name: "nope", organization: "me", type: "model" });
    const none = await post("/api/repos/create", body);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: string }).error).toMatch(/needs a token/);
    const invalid = await createRepo({ repo: { type: "model", name: "me/nope" }, accessToken: "hf_not_a_token", hubUrl: hub.url }).then(() => null, (e: unknown) => e);
    expect((invalid as HubApiError).statusCode).toBe(401);
    expect((invalid as HubApiError).message).toMatch(/Invalid credentials/);
    const reader = await post("/api/repos/create", body, READER);
    expect(reader.status).toBe(403);
    expect(reader.headers.get("x-error-message")).toMatch(/read-only/);
    expect(hub.repoIds()).not.toContain("me/nope");
  });

  it("refuses commits into the read-only fixture repos", async () => {
    const iter = uploadFilesWithProgress({ repo: { type: "model", name: "testbed/base" }, accessToken: WRITER, hubUrl: hub.url, files: [{ path: "x.txt", content: new Blob(["x"]) }] });
    const err = await (async () => { for await (const e of iter) void e; })().then(() => null, (e: unknown) => e);
    expect((err as HubApiError).statusCode).toBe(403);
    expect((err as HubApiError).message).toMatch(/read-only fixture/);
  });
});

describe("upload: object and commit checks", () => {
  it("rejects a PUT whose bytes do not match the oid, and a tampered upload URL", async () => {
    await createRepo({ repo: { type: "model", name: "me/checks" }, accessToken: WRITER, hubUrl: hub.url });
    const good = randomBytes(1000);
    const oid = sha256(good);
    const batch = await fetch(`${hub.url}/me/checks.git/info/lfs/objects/batch`, {
      method: "POST",
      headers: { Authorization: `Bearer ${WRITER}`, "Content-Type": "application/vnd.git-lfs+json" },
      body: JSON.stringify({ operation: "upload", transfers: ["basic", "xet"], objects: [{ oid, size: good.length }] }),
    });
    const json = (await batch.json()) as { transfer: string; objects: { actions: { upload: { href: string } } }[] };
    expect(json.transfer).toBe("basic");
    const href = json.objects[0].actions.upload.href;
    expect(href.startsWith(hub.cdnUrl)).toBe(true);
    const bad = await fetch(href, { method: "PUT", body: randomBytes(1000) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/BadDigest/);
    const tampered = await fetch(href.replace(/sig=[0-9a-f]+/, "sig=0000"), { method: "PUT", body: good });
    expect(tampered.status).toBe(403);

    // A commit naming the never-uploaded object changes nothing.
    const before = hub.commitSha("me/checks");
    const ndjson = [{ key: "header", value: { summary: "x" } }, { key: "lfsFile", value: { path: "w.safetensors", algo: "sha256", oid, size: good.length } }]
      .map((l) => JSON.stringify(l)).join("\n");
    const commit = await fetch(`${hub.url}/api/models/me/checks/commit/main`, { method: "POST", headers: { Authorization: `Bearer ${WRITER}`, "Content-Type": "application/x-ndjson" }, body: ndjson });
    expect(commit.status).toBe(400);
    expect(((await commit.json()) as { error: string }).error).toMatch(/never uploaded/);
    expect(hub.commitSha("me/checks")).toBe(before);

    const ok = await fetch(href, { method: "PUT", body: good });
    expect(ok.status).toBe(200);
    const committed = await fetch(`${hub.url}/api/models/me/checks/commit/main`, { method: "POST", headers: { Authorization: `Bearer ${WRITER}`, "Content-Type": "application/x-ndjson" }, body: ndjson });
    expect(committed.status).toBe(200);
    expect(hub.commitSha("me/checks")).not.toBe(before);
    expect(sha256(await readBack("me/checks", "w.safetensors"))).toBe(oid);
  });
});
