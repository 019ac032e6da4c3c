// A 3-model plan for a 4-shard family over real HTTP (local Hub server), from header reads only.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test-hub/hub-server";
import { writeFamily } from "../../test-support/synthetic-family/write-family";
import { createHubClient } from "../hub/hub-client";
import { HubError } from "../hub/hub-error";
import { openHubModelSource } from "../model-source/hub-model-source";
import { formatModelPath } from "../recipe/model-ref";
import type { Recipe } from "../recipe/types";
import { loadPlanModels } from "./load-plan-models";
import { planMerge } from "./plan-merge";

let hub: TestHub;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "plan-hub-"));
  // base + 2 fine-tunes (ft_1, ft_2), ~4.7 MB of bf16 weights each, in 4 shards.
  writeFamily({ out: dir, fineTunes: 2, dtype: "BF16", shards: 4, layers: 8, hidden: 128, intermediate: 384, vocab: 1024, heads: 4, kvHeads: 2 });
  hub = await startTestHub({ orgs: { fam: dir } });
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

const recipe: Recipe = {
  merge_method: "dare_ties",
  base_model: { model: { path: "fam/base" } },
  models: [
    { model: { model: { path: "fam/ft_1", revision: "main" } }, parameters: { weight: 0.6, density: 0.5 } },
    { model: { model: { path: "fam/ft_2" } }, parameters: { weight: 0.4, density: [0.3, 0.7] } },
  ],
  random_seed: 7,
};

describe("planning against the local Hub", () => {
  it("builds the plan from config + index + headers, reading < 1 MB per model, with faults on the way", async () => {
    const client = createHubClient({ fetch: globalThis.fetch, baseUrl: hub.url, sleep: () => Promise.resolve() });
    hub.faults.set([{ kind: "drop", afterBytes: 10, origin: "cdn", pathIncludes: "00003" }, { kind: "status503", origin: "api" }]);
    const models = await loadPlanModels(recipe, (ref) => openHubModelSource(client, formatModelPath(ref.model)));
    const plan = planMerge(recipe, models);

    expect(hub.faults.fired.drop + hub.faults.fired.status503).toBe(2);
    expect(plan.report.ok).toBe(true);
    expect(plan.models.map((m) => m.commitSha)).toEqual(["fam/ft_1", "fam/ft_2", "fam/base"].map((id) => hub.commitSha(id)));
    expect(plan.models[0]?.requestedRevision).toBe("main");
    expect(plan.tensors).toHaveLength(1 + 8 * 9 + 2); // embed, 9 per Llama layer, norm, lm_head
    expect(plan.report.layerMap).toHaveLength(8);
    expect(new Set(plan.tensors.flatMap((t) => t.sources.map((s) => s.file))).size).toBe(4);
    expect(plan.tensors.every((t) => t.seed === 7 && t.sources.length === 3)).toBe(true);
    const weights = 3_000_000;
    expect(plan.totals.bytesToFetch).toBeGreaterThan(3 * weights);
    for (const id of ["fam/base", "fam/ft_1", "fam/ft_2"]) {
      const served = hub.stats.bytesFor(id);
      expect(served).toBeGreaterThan(0);
      expect(served).toBeLessThan(1_000_000);
    }
    expect(client.stats.bytesRead).toBeLessThan(3_000_000);

  });

  it("reports a gated model without a token as a GATED HubError", async () => {
    hub.addRepo("fam/locked", join(dir, "base"), { gated: "auto" });
    const client = createHubClient({ fetch: globalThis.fetch, baseUrl: hub.url });
    const locked: Recipe = { merge_method: "linear", models: [{ model: { model: { path: "fam/locked" } }, parameters: { weight: 1 } }] };
    const err = await loadPlanModels(locked, (ref) => openHubModelSource(client, formatModelPath(ref.model))).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(HubError);
    expect((err as HubError).code).toBe("GATED");
  });
});
