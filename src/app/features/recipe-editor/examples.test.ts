import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRecipe } from "../../../core/recipe/index.ts";
import { EXAMPLES } from "./example-list.ts";

const DIR = resolve(import.meta.dirname, "../../../../public/examples");

describe("bundled example recipes", () => {
  it("lists exactly the files in public/examples", () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(readdirSync(DIR).filter((f) => f.endsWith(".yml")).sort());
  });

  it.each(Object.keys(EXAMPLES))("%s is a valid recipe without errors", (file) => {
    const { recipe, diagnostics } = parseRecipe(readFileSync(resolve(DIR, file), "utf8"));
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(recipe).not.toBeNull();
  });
});
