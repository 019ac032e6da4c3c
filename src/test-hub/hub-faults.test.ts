import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "./hub-server.ts";
import { TESTBED_DIR } from "../test-support/shared-dirs.ts";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ orgs: { testbed: TESTBED_DIR } });
});
afterEach(() => {
  hub.faults.clear();
  hub.faults.resetCounts();
});
afterAll(() => hub.close());

async function cdnUrlOf(repo = "testbed/base"): Promise<string> {
  const res = await fetch(`${hub.url}/${repo}/resolve/main/model.safetensors`, { redirect: "manual" });
  return res.headers.get("location")!;
}

describe("fault injection", () => {
  it("drops the connection after N body bytes, once", async () => {
    const url = await cdnUrlOf();
    hub.faults.set({ kind: "drop", afterBytes: 100, origin: "cdn" });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
    expect(hub.faults.fired.drop).toBe(1);
    expect(hub.faults.pending).toBe(0);
    const ok = await fetch(url, { headers: { Range: "bytes=0-9" } });
    expect((await ok.arrayBuffer()).byteLength).toBe(10);
  });

  it("spends a drop rule on a body, never on a bodiless redirect", async () => {
    hub.faults.set({ kind: "drop", afterBytes: 1000 });
    const res = await fetch(`${hub.url}/testbed/base/resolve/main/model.safetensors`); // follows the 302
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
    expect(hub.stats.repos.get("testbed/base")!.files.get("model.safetensors")!.bytesServed).toBeGreaterThanOrEqual(1000);
    expect(hub.faults.fired.drop).toBe(1);
  });

  it("drops JSON answers on the API origin too", async () => {
    hub.faults.set({ kind: "drop", afterBytes: 20, origin: "api" });
    const res = await fetch(`${hub.url}/api/models/testbed/base`);
    await expect(res.json()).rejects.toThrow();
  });

  it("answers 429 with Retry-After for the next K requests, then recovers", async () => {
    hub.faults.set({ kind: "status429", retryAfterSeconds: 7, times: 2 });
    const statuses: (number | string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${hub.url}/api/models/testbed/base`);
      statuses.push(res.status, res.headers.get("retry-after"));
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([429, "7", 429, "7", 200, null]);
    expect(hub.faults.fired.status429).toBe(2);
  });

  it("answers 503 only for requests matching origin and path", async () => {
    const url = await cdnUrlOf("testbed/task_a");
    hub.faults.set({ kind: "status503", origin: "cdn", pathIncludes: "task_a", times: 3 });
    expect((await fetch(`${hub.url}/api/models/testbed/task_a`)).status).toBe(200); // API origin: untouched
    const other = await fetch(await cdnUrlOf("testbed/task_b"), { headers: { Range: "bytes=0-0" } });
    expect(other.status).toBe(206);
    const got = [];
    for (let i = 0; i < 4; i++) got.push((await fetch(url, { headers: { Range: "bytes=0-0" } })).status);
    expect(got).toEqual([503, 503, 503, 206]);
  });

  it("delays responses", async () => {
    hub.faults.set({ kind: "slow", delayMs: 150 });
    const t0 = Date.now();
    expect((await fetch(`${hub.url}/api/models/testbed/base`)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(hub.faults.fired.slow).toBe(1);
  });

  it("can be driven over HTTP by out-of-process tests (/__test/faults, /__test/stats)", async () => {
    const set = await fetch(`${hub.url}/__test/faults`, { method: "POST", body: JSON.stringify([{ kind: "status503", times: 1 }]) });
    expect(((await set.json()) as { pending: number }).pending).toBe(1);
    expect((await fetch(`${hub.url}/api/models/testbed/base`)).status).toBe(503);
    const stats = (await (await fetch(`${hub.url}/__test/stats`)).json()) as { routes: Record<string, number> };
    expect(stats.routes["model-info"]).toBeGreaterThan(0);
    const bad = await fetch(`${hub.url}/__test/faults`, { method: "POST", body: JSON.stringify([{ kind: "drop", afterBytes: -1 }]) });
    expect(bad.status).toBe(400);
  });

  it("refuses unbounded or nonsensical rules", () => {
    expect(() => hub.faults.add({ kind: "status503", times: 0 })).toThrow(/times/);
    expect(() => hub.faults.add({ kind: "status503", times: 1e6 })).toThrow(/times/);
    expect(() => hub.faults.add({ kind: "slow", delayMs: 1e9 })).toThrow(/delayMs/);
  });
});
