import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readRepoSettings, snapshotRepo } from "./repo-store.ts";

const tmp = mkdtempSync(join(tmpdir(), "repo-store-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("repo store", () => {
  it("derives the commit sha from contents: stable, and changed by any edit", () => {
    const dir = join(tmp, "r");
    mkdirSync(join(dir, "sub"), { recursive: true });
    writeFileSync(join(dir, "a.json"), "{}");
    writeFileSync(join(dir, "sub", "w.safetensors"), "xx");
    writeFileSync(join(dir, ".hub.json"), "{}");
    const s1 = snapshotRepo(dir);
    expect(s1.files.map((f) => [f.path, f.lfs])).toEqual([["a.json", false], ["sub/w.safetensors", true]]);
    expect(snapshotRepo(dir).sha).toBe(s1.sha);
    // git's blob id of "{}", so oids match what a real git repo would report
    expect(s1.byPath.get("a.json")!.oid).toBe("9e26dfeeb6e641a33dae4961196235bdb965b21b");
    writeFileSync(join(dir, "a.json"), "{ }");
    expect(snapshotRepo(dir).sha).not.toBe(s1.sha);
  });

  it("reads .hub.json and rejects wrong types with FILE:LINE:COL errors", () => {
    const dir = join(tmp, "s");
    mkdirSync(dir);
    writeFileSync(join(dir, ".hub.json"), '{"gated": true, "likes": 5}');
    expect(readRepoSettings(dir)).toEqual({ gated: "manual", likes: 5 });
    writeFileSync(join(dir, ".hub.json"), '{"gated": "yes"}');
    expect(() => readRepoSettings(dir)).toThrow(/\.hub\.json:1:1: error: "gated" must be/);
    writeFileSync(join(dir, ".hub.json"), '{"grantedTokens": "tok"}');
    expect(() => readRepoSettings(dir)).toThrow(/grantedTokens/);
    writeFileSync(join(dir, ".hub.json"), "{oops");
    expect(() => readRepoSettings(dir)).toThrow(/invalid JSON/);
  });
});
