// The riskiest Hub path for the app is a browser fetch: Authorization preflight on the API
// origin, cross-origin 302 to the CDN, Range + readable Content-Range/ETag there. Node's fetch
// does not enforce CORS, so this test drives real Chromium against the test Hub.
import { createServer, type Server } from "node:http";
import { chromium, type Browser, type Page } from "playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath } from "../../scripts/chromium.ts";
import { startTestHub, type TestHub } from "./hub-server.ts";
import { TESTBED_DIR } from "../test-support/shared-dirs.ts";

let hub: TestHub;
let site: Server;
let origin: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  hub = await startTestHub({
    orgs: { testbed: TESTBED_DIR },
    tokens: ["tok"],
    repos: { "acme/gated": { dir: `${TESTBED_DIR}/task_a`, settings: { gated: "manual" } } },
  });
  site = createServer((_req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>app</title>"));
  await new Promise<void>((ok) => site.listen(0, "127.0.0.1", () => ok()));
  origin = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
  // No WebGPU flags: this test only needs the network stack, and starts faster without them.
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"] });
  page = await browser.newPage();
  await page.goto(origin);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  site?.close();
  await hub?.close();
});

interface Probe {
  status?: number;
  contentRange?: string | null;
  etag?: string | null;
  commit?: string | null;
  errorCode?: string | null;
  bytes?: number;
  error?: string;
}

/** fetch() inside the page (a real cross-origin request from `origin`); source as a string so no bundler helpers leak in. */
async function probe(url: string, headers: Record<string, string>): Promise<Probe> {
  return (await page.evaluate(`(async () => {
      try {
        const r = await fetch(${JSON.stringify(url)}, { headers: ${JSON.stringify(headers)} });
        const b = await r.arrayBuffer();
        return { status: r.status, contentRange: r.headers.get("content-range"), etag: r.headers.get("etag"),
          commit: r.headers.get("x-repo-commit"), errorCode: r.headers.get("x-error-code"), bytes: b.byteLength };
      } catch (e) { return { error: String(e) }; }
    })()`)) as Probe;
}

describe("test Hub from a real browser (CORS)", () => {
  it("follows resolve -> CDN with a Range and exposes Content-Range, ETag and X-Repo-Commit", async () => {
    const r = await probe(`${hub.url}/testbed/base/resolve/main/model.safetensors`, { Range: "bytes=0-7" });
    expect(r).toMatchObject({ status: 206, bytes: 8, commit: hub.commitSha("testbed/base") });
    expect(r.contentRange).toMatch(/^bytes 0-7\/\d+$/);
    expect(r.etag).toMatch(/^"[0-9a-f]{64}"$/);
  });

  it("passes the Authorization preflight for a gated repo and reads its bytes", async () => {
    const r = await probe(`${hub.url}/acme/gated/resolve/main/model.safetensors`, { Range: "bytes=8-15", Authorization: "Bearer tok" });
    expect(r).toMatchObject({ status: 206, bytes: 8 });
    const anon = await probe(`${hub.url}/acme/gated/resolve/main/model.safetensors`, { Range: "bytes=0-7" });
    expect(anon).toMatchObject({ status: 401, errorCode: "GatedRepo" });
  });
});
