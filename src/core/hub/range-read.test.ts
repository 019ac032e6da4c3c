// Streaming, resumable Range reads, over real HTTP: the local test Hub (with its fault injector)
// and, for servers that misbehave in ways the Hub never does, tiny node:http servers.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test-hub/hub-server";
import { sendFile } from "../../test-hub/send-file";
import type { FetchLike } from "./fetch-like";
import { createHubClient, type HubClientOptions } from "./hub-client";
import { HubError } from "./hub-error";

const FILE = "data.bin";
const DATA = randomBytes(1_000_000);
const SHA = "a".repeat(40);
let hub: TestHub;
let dir: string;

/** Real fetch that records the Range header of every request the client sends. */
function recordingFetch(ranges: string[]): FetchLike {
  return (url, init) => {
    const range = init?.headers?.["Range"];
    if (range) ranges.push(range);
    return globalThis.fetch(url, init);
  };
}

function client(extra: Partial<HubClientOptions> = {}) {
  return createHubClient({ fetch: globalThis.fetch, baseUrl: hub.url, sleep: () => Promise.resolve(), ...extra });
}

async function failure(p: Promise<unknown>): Promise<HubError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(HubError);
  return err as HubError;
}

/** A one-off HTTP server; `handle` gets the request number (1-based). */
async function withServer(handle: (req: IncomingMessage, res: ServerResponse, n: number) => void | Promise<void>, body: (baseUrl: string) => Promise<void>): Promise<void> {
  let n = 0;
  const server = createServer((req, res) => void handle(req, res, ++n));
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  }
}

/** [from, to] of a "bytes=from-to" request header. */
function requested(req: IncomingMessage): [number, number] {
  const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? "");
  if (!m) throw new Error(`test server expects a single closed Range, got ${req.headers.range ?? "none"}`);
  return [Number(m[1]), Number(m[2])];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "range-read-"));
  writeFileSync(join(dir, FILE), DATA);
  writeFileSync(join(dir, "config.json"), "{}");
  hub = await startTestHub({ repos: { "org/blob": dir } });
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  hub.faults.clear();
  hub.faults.resetCounts();
  hub.stats.reset();
});

describe("readRange streaming into one buffer", () => {
  it("returns exactly end - start bytes in a buffer of its own, at byteOffset 0", async () => {
    const c = client();
    const sha = await c.resolveRevision("org/blob", null);
    const before = c.stats.bytesRead; // the revision JSON
    const bytes = await c.readRange("org/blob", sha, FILE, 3, 300_003);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(300_000);
    expect(Buffer.from(bytes).equals(DATA.subarray(3, 300_003))).toBe(true);
    expect(c.stats.bytesRead - before).toBe(300_000);
  });

  it("resumes over three drops in one range from the first missing byte, without refetching", async () => {
    const ranges: string[] = [];
    const progress: number[] = [];
    const c = client({ fetch: recordingFetch(ranges) });
    const sha = await c.resolveRevision("org/blob", null);
    const before = c.stats.bytesRead;
    hub.faults.set({ kind: "drop", afterBytes: 100_000, pathIncludes: FILE, times: 3 });
    const [start, end] = [1_000, 601_000];
    const bytes = await c.readRange("org/blob", sha, FILE, start, end, { onProgress: (n) => progress.push(n) });

    expect(hub.faults.fired.drop).toBe(3);
    expect(Buffer.from(bytes).equals(DATA.subarray(start, end))).toBe(true);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(end - start);
    // The first request goes through the resolve redirect (same Range twice), then each resume
    // asks for the rest only.
    const asked = [...new Set(ranges)];
    expect(asked).toEqual([`bytes=1000-600999`, `bytes=101000-600999`, `bytes=201000-600999`, `bytes=301000-600999`]);
    // Served in all = the range once: what arrived before each drop was never sent again.
    expect(hub.stats.repos.get("org/blob")?.files.get(FILE)?.bytesServed).toBe(end - start);
    expect(c.stats.bytesRead - before).toBe(end - start);
    expect(progress.reduce((a, b) => a + b, 0)).toBe(end - start);
    expect(c.stats.retries).toBe(3);
  });

  it("gives up after maxAttempts when every attempt drops, with a message that says where", async () => {
    const c = client({ maxAttempts: 2 });
    const sha = await c.resolveRevision("org/blob", null);
    const before = c.stats.bytesRead;
    hub.faults.set({ kind: "drop", afterBytes: 1_000, pathIncludes: FILE, times: 5 });
    const err = await failure(c.readRange("org/blob", sha, FILE, 0, 500_000));
    expect(err.code).toBe("NETWORK");
    expect(err.message).toMatch(/connection dropped while reading 'data\.bin' from 127\.0\.0\.1:\d+ after 1000 of 499000 bytes/);
    expect(c.stats.bytesRead - before).toBe(2_000);
  });

  it("refuses to mix two files when a resumed request answers with another ETag", async () => {
    const ranges: string[] = [];
    await withServer(
      (req, res, n) =>
        sendFile(req, res, {
          absPath: join(dir, FILE), size: DATA.length, etag: n === 1 ? '"v1"' : '"v2"', contentType: "application/octet-stream",
          headers: {}, dropAfter: n === 1 ? 5_000 : undefined, onBytes: () => undefined,
        }),
      async (baseUrl) => {
        const c = client({ baseUrl, fetch: recordingFetch(ranges) });
        const err = await failure(c.readRange("org/x", SHA, FILE, 0, 20_000));
        expect(err.code).toBe("BAD_RESPONSE");
        expect(err.message).toContain(`'${FILE}' of org/x@${SHA} changed while it was being read`);
        expect(err.message).toContain('ETag "v2", the first one "v1"');
        expect(ranges).toEqual(["bytes=0-19999", "bytes=5000-19999"]);
      },
    );
  });

  it("a body shorter than announced is a short read, resumed until the attempts run out", async () => {
    const ranges: string[] = [];
    await withServer(
      (req, res) => {
        // Claims the whole requested range but sends 10 bytes of it, with a matching Content-Length.
        const [a, b] = requested(req);
        res.writeHead(206, { "Content-Range": `bytes ${a}-${b}/${DATA.length}`, "Content-Length": "10" }).end(DATA.subarray(a, a + 10));
      },
      async (baseUrl) => {
        const c = client({ baseUrl, maxAttempts: 3, fetch: recordingFetch(ranges) });
        const err = await failure(c.readRange("org/x", SHA, FILE, 0, 64));
        expect(err.code).toBe("NETWORK");
        expect(err.message).toBe(`short read of '${FILE}': the server ended the body after 10 of 44 bytes`);
        expect(ranges).toEqual(["bytes=0-63", "bytes=10-63", "bytes=20-63"]);
        expect(c.stats.bytesRead).toBe(30);
      },
    );
  });

  it("a body longer than the range, or another range than asked, is a BAD_RESPONSE without retries", async () => {
    await withServer(
      (req, res) => {
        const [a, b] = requested(req);
        if (a === 0) {
          // No Content-Length (chunked): only the stream can tell it is too long.
          res.writeHead(206);
          res.end(DATA.subarray(a, b + 6));
        } else {
          res.writeHead(206, { "Content-Range": `bytes ${a - 1}-${b}/${DATA.length}` }).end(DATA.subarray(a - 1, b + 1));
        }
      },
      async (baseUrl) => {
        const c = client({ baseUrl });
        const long = await failure(c.readRange("org/x", SHA, FILE, 0, 64));
        expect(long.code).toBe("BAD_RESPONSE");
        expect(long.message).toBe(`the server sent more than the 64 bytes asked for of '${FILE}'; it must return exactly the requested range`);
        const shifted = await failure(c.readRange("org/x", SHA, FILE, 100, 164));
        expect(shifted.code).toBe("BAD_RESPONSE");
        expect(shifted.message).toContain('"Content-Range: bytes 99-163/1000000" for bytes 100-163');
        expect(c.stats.retries).toBe(0);
      },
    );
  });

  it("drops a body that stalls and resumes it from the first missing byte", async () => {
    const ranges: string[] = [];
    await withServer(
      (req, res, n) => {
        const [a, b] = requested(req);
        res.writeHead(206, { "Content-Range": `bytes ${a}-${b}/${DATA.length}`, "Content-Length": String(b - a + 1) });
        if (n === 1) res.write(DATA.subarray(a, a + 300)); // then nothing more: a stalled connection
        else res.end(DATA.subarray(a, b + 1));
      },
      async (baseUrl) => {
        const c = client({ baseUrl, bodyStallTimeoutMs: 300, fetch: recordingFetch(ranges) });
        const bytes = await c.readRange("org/x", SHA, FILE, 0, 2_000);
        expect(Buffer.from(bytes).equals(DATA.subarray(0, 2_000))).toBe(true);
        expect(ranges).toEqual(["bytes=0-1999", "bytes=300-1999"]);
        expect(c.stats.retries).toBe(1);
      },
    );
  });

  it("stops at once when the caller aborts mid-body, without retrying", async () => {
    const ctl = new AbortController();
    await withServer(
      (req, res) => {
        const [a] = requested(req);
        res.writeHead(206, { "Content-Length": "1000" });
        res.write(DATA.subarray(a, a + 10), () => ctl.abort(new Error("user cancelled"))); // then never ends
      },
      async (baseUrl) => {
        const c = client({ baseUrl, signal: ctl.signal });
        const err = await c.readRange("org/x", SHA, FILE, 0, 1000).then(() => null, (e: unknown) => e);
        expect((err as Error).message).toBe("user cancelled");
        expect(c.stats.retries).toBe(0);
      },
    );
  });
});
