// Edge cases of the references that the golden set does not pin: errors, NaN, degenerate inputs.
import { describe, expect, test } from "vitest";
import { getMethod } from "./registry.ts";
import type { MethodInputs } from "./types.ts";

const f = (...xs: number[]) => new Float32Array(xs);

function inputs(p: Partial<MethodInputs> & { models: Float32Array[] }): MethodInputs {
  return {
    base: null,
    shape: [p.models[0].length],
    global: {},
    perModel: p.models.map(() => ({ weight: 1 })),
    seed: 1,
    tensorName: "model.layers.0.mlp.down_proj.weight",
    ...p,
  };
}

const run = (name: string, i: MethodInputs) => Array.from(getMethod(name)!.reference(i));

describe("input validation", () => {
  test("shape mismatch names the model, tensor and shapes", () => {
    const i = inputs({ models: [f(1, 2, 3), f(1, 2)], shape: [3] });
    expect(() => run("linear", i)).toThrow(/linear: model 1 of tensor "model.layers.0.mlp.down_proj.weight" has 2 elements but shape \[3\] needs 3/);
    const b = inputs({ models: [f(1, 2)], base: f(1, 2, 3), shape: [2] });
    expect(() => run("ties", b)).toThrow(/ties: the base .* has 3 elements/);
  });
  test("missing base, wrong model count and missing weight are explained", () => {
    expect(() => run("ties", inputs({ models: [f(1)] }))).toThrow(/needs a base model; set base_model/);
    expect(() => run("slerp", inputs({ models: [f(1), f(2)], base: f(0), global: { t: 0.5 } }))).toThrow(/got 2 non-base models .* needs exactly 1/);
    expect(() => run("linear", inputs({ models: [f(1)], perModel: [{}] }))).toThrow(/model 0 has no "weight" .* add parameters: \{weight: \.\.\.\}/);
    expect(() => run("slerp", inputs({ models: [f(1)], base: f(0) }))).toThrow(/missing global parameter "t"/);
  });
  test("ties with density keeping zero entries refuses, like mergekit", () => {
    const i = inputs({ models: [f(1, 2, 3)], base: f(0, 0, 0), perModel: [{ weight: 1, density: 0.2 }] });
    expect(() => run("ties", i)).toThrow(/keeps int\(0.2 \* 3\) = 0 entries/);
  });
  test("della with density ± epsilon outside (0,1) refuses", () => {
    const i = inputs({ models: [f(1, 2, 3)], base: f(0, 0, 0), perModel: [{ weight: 1, density: 0.9, epsilon: 0.15 }] });
    expect(() => run("della", i)).toThrow(/choose epsilon < min\(density, 1 - density\)/);
  });
  test("multislerp with directions cancelling out (3 models) refuses", () => {
    const i = inputs({ models: [f(1, 0), f(-1, 0), f(1, 0)], perModel: [{ weight: 1 }, { weight: 2 }, { weight: 1 }] });
    expect(() => run("multislerp", i)).toThrow(/weighted sum of the input directions .* is zero/);
  });
});

describe("degenerate inputs behave as in mergekit", () => {
  test("single model: linear/karcher/multislerp/nuslerp return it", () => {
    const m = f(1.5, -2, 3);
    for (const name of ["linear", "karcher", "multislerp", "nuslerp"]) {
      expect(run(name, inputs({ models: [m] })), name).toEqual([1.5, -2, 3]);
    }
  });
  test("linear with zero weight sum and normalize divides by zero (inf/NaN)", () => {
    const i = inputs({ models: [f(1, 0), f(2, 0)], perModel: [{ weight: 1 }, { weight: -1 }] });
    const out = run("linear", i);
    expect(out[0]).toBe(-Infinity);
    expect(out[1]).toBeNaN();
  });
  test("task_arithmetic with zero weight sum and normalize keeps the sum (divisor 1)", () => {
    const i = inputs({ models: [f(3), f(1)], base: f(1), global: { normalize: true }, perModel: [{ weight: 1 }, { weight: -1 }] });
    expect(run("task_arithmetic", i)).toEqual([1 + 2 - 0]);
  });
  test("nuslerp with weights summing to zero uses t = 0.5", () => {
    const a = f(1, 0);
    const b = f(0, 1);
    const zero = run("nuslerp", inputs({ models: [a, b], perModel: [{ weight: 1 }, { weight: -1 }] }));
    const half = run("nuslerp", inputs({ models: [a, b], perModel: [{ weight: 1 }, { weight: 1 }] }));
    expect(zero).toEqual(half);
    expect(half[0]).toBeCloseTo(Math.SQRT1_2, 6);
  });
  test("sign election: a zero sum elects +, and zero entries never count", () => {
    // deltas +1 and -1 (sum 0 → majority +): only the + model counts; normalize divides by its weight.
    const i = inputs({ models: [f(1, 0), f(-1, 0)], base: f(0, 0), perModel: [{ weight: 1 }, { weight: 1 }] });
    expect(run("ties", i)).toEqual([1, 0]);
  });
  test("breadcrumbs keeps nothing when int(gamma * numel) is 0 (mergekit's empty-mask quirk)", () => {
    const i = inputs({ models: [f(1, 2, 3, 4)], base: f(0, 0, 0, 0), perModel: [{ weight: 1, density: 0.5, gamma: 0.01 }] });
    expect(run("breadcrumbs", i)).toEqual([0, 0, 0, 0]);
    const j = inputs({ models: [f(1, 2, 3, 4)], base: f(0, 0, 0, 0), perModel: [{ weight: 1, density: 0.5, gamma: 0.25 }] });
    expect(run("breadcrumbs", j)).toEqual([0, 2, 3, 0]); // drops 1 smallest, 1 largest
  });
  test("DARE is deterministic per (seed, tensor) and changes with either", () => {
    const n = 256;
    const m = new Float32Array(n).map((_, j) => j + 1);
    const mk = (seed: number, tensorName: string) =>
      run("dare_linear", inputs({ models: [m], base: new Float32Array(n), seed, tensorName, perModel: [{ weight: 1, density: 0.5 }] }));
    expect(mk(1, "a")).toEqual(mk(1, "a"));
    expect(mk(1, "a")).not.toEqual(mk(2, "a"));
    expect(mk(1, "a")).not.toEqual(mk(1, "b"));
  });
});

describe("NaN propagation", () => {
  test("elementwise methods propagate a NaN input to that element only", () => {
    const base = f(0, 0, 0);
    const m = f(1, NaN, 2);
    expect(run("linear", inputs({ models: [m] }))[1]).toBeNaN();
    expect(run("task_arithmetic", inputs({ models: [m], base }))[1]).toBeNaN();
    expect(run("ties", inputs({ models: [m, f(1, 1, 1)], base, perModel: [{ weight: 1 }, { weight: 1 }] }))[1]).toBeNaN();
    expect(run("passthrough", inputs({ models: [m], perModel: [{ scale: 2 }] }))[1]).toBeNaN();
    const lin = run("linear", inputs({ models: [m] }));
    expect([lin[0], lin[2]]).toEqual([1, 2]);
  });
  test("whole-tensor methods turn a NaN into an all-NaN output (the norm is NaN)", () => {
    const out = run("slerp", inputs({ models: [f(1, NaN, 2)], base: f(1, 1, 1), global: { t: 0.5 } }));
    expect(out.every(Number.isNaN)).toBe(true);
  });
});
