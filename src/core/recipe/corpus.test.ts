/**
 * Every mergekit example and every collected real recipe (fixtures/, each with a source
 * comment) parses without error and round-trips: format -> parse gives the same Recipe, and
 * formatting is idempotent.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatRecipes, parseRecipes } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const files = (dir: string) => readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith(".yml")).map((f) => join(dir, f));
const corpus = [...files("mergekit-examples"), ...files("hub")];

describe("recipe corpus", () => {
  it("holds every mergekit example and at least 30 real recipes", () => {
    expect(files("mergekit-examples").length).toBeGreaterThanOrEqual(7);
    expect(files("hub").length).toBeGreaterThanOrEqual(30);
  });
  for (const f of corpus) {
    it(`${f} parses without error and round-trips`, () => {
      const text = readFileSync(join(FIXTURES, f), "utf8");
      expect(text.startsWith("# Source: ")).toBe(true);
      const parsed = parseRecipes(text);
      expect(parsed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const recipes = parsed.documents.map((d) => d.recipe);
      expect(recipes.every((r) => r !== null)).toBe(true);
      const formatted = formatRecipes(recipes as NonNullable<(typeof recipes)[number]>[]);
      const again = parseRecipes(formatted);
      expect(again.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(again.documents.map((d) => d.recipe)).toEqual(recipes);
      expect(formatRecipes(again.documents.map((d) => d.recipe!))).toBe(formatted);
    });
  }
});
