import { describe, expect, test } from "vitest";
import { checkExact } from "./check-exact.ts";
import { checkGoldenCase } from "./check-case.ts";
import { decodeGoldenCase, goldenMethodInputs } from "./case-inputs.ts";
import { readGoldenFile, readGoldenManifest } from "./read-golden-dir.ts";
import { getMethod } from "../../core/methods/registry.ts";
import type { GoldenCase, GoldenStatistical } from "./manifest.ts";
import { checkStatistical } from "./check-statistical.ts";

describe("checkExact", () => {
  const tol = { max_abs: 0.01, rel: 0.01 };
  test("applies max_abs + rel*|exp| and names the worst element", () => {
    const exp = new Float32Array([1, 10, -5]);
    expect(checkExact(new Float32Array([1.019, 10.1, -5]), exp, tol).ok).toBe(true);
    const bad = checkExact(new Float32Array([1.03, 10, -5]), exp, tol);
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/1 of 3 elements .*worst element 0/);
  });
  test("NaN only matches NaN, infinities only match themselves, lengths must agree", () => {
    expect(checkExact(new Float32Array([NaN]), new Float32Array([NaN]), tol).ok).toBe(true);
    expect(checkExact(new Float32Array([0]), new Float32Array([NaN]), tol).ok).toBe(false);
    expect(checkExact(new Float32Array([NaN]), new Float32Array([0]), tol).ok).toBe(false);
    expect(checkExact(new Float32Array([Infinity]), new Float32Array([Infinity]), tol).ok).toBe(true);
    expect(checkExact(new Float32Array([1e30]), new Float32Array([Infinity]), tol).ok).toBe(false);
    expect(checkExact(new Float32Array(2), new Float32Array(3), tol).ok).toBe(false);
  });
});

// The statistical checks must reject the plausible wrong implementations the README lists.
describe("checkStatistical rejects wrong implementations", () => {
  const manifest = readGoldenManifest();
  const byId = (id: string) => manifest.cases.find((c) => c.id === id) as GoldenCase;

  function run(c: GoldenCase, tweak: (out: Float32Array, base: Float32Array, models: Float32Array[]) => Float32Array) {
    const t = decodeGoldenCase(c, readGoldenFile(c.file));
    const out = getMethod(c.method)!.reference(goldenMethodInputs(c, t, manifest.conventions.weight_name, 7));
    return checkGoldenCase(c, t, tweak(out, t.base!, t.models));
  }

  test("reference output passes (dare_linear-p03, della-p03)", () => {
    expect(run(byId("dare_linear-p03"), (o) => o).ok).toBe(true);
    expect(run(byId("della-p03"), (o) => o).ok).toBe(true);
  });

  test("keep-everything fails the count test", () => {
    const r = run(byId("dare_linear-p03"), (_o, _b, models) => models[0].slice());
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/count test/);
  });

  test("1/density rescale and no rescale fail the scale test", () => {
    const c = byId("dare_linear-p03");
    const density = c.statistical!.models[0].density;
    for (const factor of [1 / density, 1]) {
      const r = run(c, (o, b, models) => {
        const m = models[0];
        return o.map((x, j) => (x !== b[j] ? b[j] + (m[j] - b[j]) * factor : x));
      });
      expect(r.ok, `factor ${factor}`).toBe(false);
      expect(r.message).toMatch(/scale test/);
    }
  });

  test("DELLA without rank-dependent keep probabilities fails the rank-trend test", () => {
    const c = byId("della-p03");
    const t = decodeGoldenCase(c, readGoldenFile(c.file));
    const inputs = goldenMethodInputs(c, t, manifest.conventions.weight_name, 7);
    inputs.perModel = inputs.perModel.map((m) => ({ ...m, epsilon: 0 }));
    const r = checkGoldenCase(c, t, getMethod("della")!.reference(inputs));
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/rank-trend test/);
  });

  test("touching positions without a task vector fails", () => {
    const st: GoldenStatistical = {
      sparsifier: "bernoulli", consensus: false, normalize: false, rescale: false, lambda: 1,
      models: [{ weight: 1, density: 0.5 }], z_max: 5, scale_rtol: 1e-4, trend_test: false,
    };
    const base = new Float32Array([0, 0, 0, 0]);
    const model = new Float32Array([1, 0, 2, 3]);
    expect(checkStatistical(st, [4], [model], base, new Float32Array([1, 0, 0, 3])).ok).toBe(true);
    const r = checkStatistical(st, [4], [model], base, new Float32Array([1, 0.5, 0, 3]));
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/position 1 has no task-vector entry/);
  });
});
