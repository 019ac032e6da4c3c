// The picker's Hub reads against the local Hub server (real HTTP, no fetch mocks).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HubError } from "../../core/hub/index.ts";
import { startTestHub, type TestHub } from "../../test-hub/hub-server.ts";
import { TESTBED_DIR } from "../../test-support/shared-dirs.ts";
import { fetchModelConfig, fetchModelInfo, needsToken, searchModels } from "./hub-reads.ts";

const TESTBED = TESTBED_DIR;
const TOKEN = "hf_app_token";
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ tokens: [TOKEN], orgs: { testbed: TESTBED }, repos: { "gated-org/base": { dir: join(TESTBED, "base"), settings: { gated: "manual" } } } });
});
afterAll(() => hub.close());

const rejection = (p: Promise<unknown>): Promise<unknown> => p.then(() => null, (e: unknown) => e);

describe("hub-reads through the core Hub client", () => {
  it("searches, reads info and config.json of org/name@revision", async () => {
    expect((await searchModels(hub.url, "testbed/base", null)).map((h) => h.id)).toEqual(["testbed/base"]);
    const sha = hub.commitSha("testbed/base");
    const info = await fetchModelInfo(hub.url, `testbed/base@${sha}`, null);
    expect(info.sha).toBe(sha);
    const config = await fetchModelConfig(hub.url, "testbed/base", null);
    expect(config).toEqual(JSON.parse(readFileSync(join(TESTBED, "base", "config.json"), "utf8")));
  });

  it("a gated repo's config.json needs a token (GATED), a wrong token too (UNAUTHORIZED); the right token reads it", async () => {
    const anon = await rejection(fetchModelConfig(hub.url, "gated-org/base", null));
    expect(anon).toBeInstanceOf(HubError);
    expect((anon as HubError).code).toBe("GATED");
    expect(needsToken(anon)).toBe(true);
    const wrong = await rejection(fetchModelConfig(hub.url, "gated-org/base", "hf_wrong"));
    expect((wrong as HubError).code).toBe("UNAUTHORIZED");
    expect(needsToken(wrong)).toBe(true);
    expect(await fetchModelConfig(hub.url, "gated-org/base", TOKEN)).toHaveProperty("num_hidden_layers");
  });

  it("a missing repo or malformed reference is not a token problem", async () => {
    const missing = await rejection(fetchModelInfo(hub.url, "testbed/nope", null));
    expect((missing as HubError).code).toBe("REPO_NOT_FOUND");
    expect(needsToken(missing)).toBe(false);
    const bad = await rejection(fetchModelInfo(hub.url, "a@b@c", null));
    expect((bad as HubError).code).toBe("INVALID_REFERENCE");
    expect(needsToken(new Error("gated"))).toBe(false);
  });
});
