import { describe, expect, it } from "vitest";
import { createLocalModelSource } from "../model-source/local-model-source";
import type { Recipe } from "../recipe/types";
import { preflightRecipe } from "./preflight-recipe";
import { asLocalFiles, buildTestModel } from "./testing/build-test-model";

const folder = (name: string, files: Map<string, Uint8Array>) => createLocalModelSource(name, name, asLocalFiles(files));

describe("preflightRecipe", () => {
  const recipe: Recipe = {
    merge_method: "linear",
    models: ["./a", "./b", "org/hub-only"].map((path) => ({ model: { model: { path } }, parameters: { weight: 1 } })),
  };

  it("reports every unreadable model with a fix instead of throwing", async () => {
    const noConfig = buildTestModel({ layers: 1 });
    noConfig.delete("config.json");
    const result = await preflightRecipe(recipe, {
      hub: null,
      local: (ref) => (ref.model.path === "./a" ? folder("a", buildTestModel({ layers: 1 })) : ref.model.path === "./b" ? folder("b", noConfig) : null),
    });
    expect(result.plan).toBeNull();
    expect(result.problems.map((p) => p.code)).toEqual(["model-no-config", "model-invalid-reference"]);
    expect(result.problems[0]?.message).toContain("cannot read model './b'");
    expect(result.problems.every((p) => p.severity === "error" && p.fix.length > 0)).toBe(true);
  });

  it("plans when every model opens", async () => {
    const result = await preflightRecipe(recipe, { hub: null, local: (ref) => folder(ref.model.path, buildTestModel({ layers: 2 })) });
    expect(result.plan?.report.ok).toBe(true);
    expect(result.plan?.models.map((m) => m.reference)).toEqual(["./a", "./b", "org/hub-only"]);
  });
});
