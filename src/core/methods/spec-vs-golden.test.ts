// The specs' parameter names and defaults against mergekit's own resolution, recorded in the
// golden manifest: for every case, config + spec defaults must give exactly resolved_params.
import { describe, expect, test } from "vitest";
import { getMethod } from "./registry.ts";
import type { ParamSpec } from "./types.ts";
import { readGoldenManifest } from "../../test-support/golden/read-golden-dir.ts";

const manifest = readGoldenManifest();

function resolve(specs: readonly ParamSpec[], given: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of specs) {
    const v = given?.[p.name] ?? p.default;
    out[p.name] = v === undefined ? null : v;
  }
  return out;
}

describe("spec defaults match mergekit's resolved parameters", () => {
  test.each(manifest.cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const spec = getMethod(c.method)!;
    const cfg = c.config as { parameters?: Record<string, unknown>; models?: { parameters?: Record<string, unknown> }[] };
    expect(resolve(spec.globalParams, cfg.parameters)).toEqual(c.resolved_params.global);
    c.resolved_params.models.forEach((rm, i) => {
      // Methods without per-model params resolve to {} (slerp, model_stock, ...).
      const mine = resolve(spec.perModelParams, cfg.models?.[i]?.parameters);
      // A param with no default and no value (passthrough's scale) is mergekit's None = null.
      expect(mine, `model ${i}`).toEqual(rm);
    });
    expect(c.inputs.models.length).toBeGreaterThanOrEqual(spec.models.min);
    if (spec.models.max !== undefined) expect(c.inputs.models.length).toBeLessThanOrEqual(spec.models.max);
    if (spec.base === "required") expect(c.inputs.base).not.toBeNull();
    if (spec.base === "unused") expect(c.inputs.base).toBeNull();
  });
});
