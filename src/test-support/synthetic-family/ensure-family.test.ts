import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTestHub } from "../../test-hub/hub-server.ts";
import { ensureFamily } from "./ensure-family.ts";

const cache = mkdtempSync(join(tmpdir(), "family-cache-"));
afterAll(() => rmSync(cache, { recursive: true, force: true }));
const OPTS = { layers: 2, hidden: 32, intermediate: 64, vocab: 48, heads: 2, kvHeads: 1, fineTunes: 2, dtype: "BF16" as const, shards: 4 };

describe("ensureFamily", () => {
  it("generates once, reuses the folder afterwards, and the test Hub serves it", async () => {
    const a = ensureFamily(OPTS, cache);
    const mtime = statSync(join(a.dir, "base", "model-00001-of-00004.safetensors")).mtimeMs;
    const b = ensureFamily(OPTS, cache);
    expect(b).toEqual(a);
    expect(statSync(join(b.dir, "base", "model-00001-of-00004.safetensors")).mtimeMs).toBe(mtime);
    expect(readdirSync(cache)).toHaveLength(1); // no staging folders left behind
    expect(ensureFamily({ ...OPTS, seed: 3 }, cache).dir).not.toBe(a.dir);

    const hub = await startTestHub({ orgs: { synth: a.dir } });
    try {
      expect(hub.repoIds()).toEqual(["synth/base", "synth/ft_1", "synth/ft_2"]);
      const idx = await (await fetch(`${hub.url}/synth/ft_2/resolve/main/model.safetensors.index.json`)).json();
      expect(Object.keys((idx as { weight_map: object }).weight_map)).toContain("model.layers.1.mlp.down_proj.weight");
    } finally {
      await hub.close();
    }
  });
});
