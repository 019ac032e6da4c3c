import { describe, expect, test } from "vitest";
import { getMethod, METHOD_NAMES, METHODS } from "./registry.ts";
import type { MethodName } from "./types.ts";

// Written out independently of the registry so a missing or duplicated spec fails.
const ALL: Record<MethodName, true> = {
  linear: true, slerp: true, nuslerp: true, multislerp: true, karcher: true, task_arithmetic: true,
  ties: true, dare_ties: true, dare_linear: true, breadcrumbs: true, breadcrumbs_ties: true,
  della: true, della_linear: true, model_stock: true, sce: true, nearswap: true,
  arcee_fusion: true, passthrough: true, ram: true, ramplus_tl: true,
};

describe("method registry", () => {
  test("every MethodName has exactly one spec", () => {
    const names = Object.keys(ALL).sort();
    expect([...METHOD_NAMES].sort()).toEqual(names);
    expect(new Set(METHOD_NAMES).size).toBe(METHODS.length);
    for (const n of names) expect(getMethod(n)?.name).toBe(n);
  });

  test("unknown names are undefined", () => {
    expect(getMethod("tiess")).toBeUndefined();
  });

  test("params are well formed", () => {
    for (const m of METHODS) {
      const all = [...m.globalParams, ...m.perModelParams];
      expect(new Set(all.map((p) => p.name)).size, m.name).toBe(all.length);
      for (const p of all) {
        expect(p.doc.length, `${m.name}.${p.name}`).toBeGreaterThan(10);
        if (p.default !== undefined) {
          expect(p.required, `${m.name}.${p.name}`).toBe(false);
          expect(typeof p.default, `${m.name}.${p.name}`).toBe(p.kind === "bool" ? "boolean" : "number");
        }
      }
    }
  });

  test("mergekit defaults that differ per method", () => {
    const def = (m: string, p: string) => getMethod(m)?.globalParams.find((x) => x.name === p)?.default;
    expect(def("ties", "normalize")).toBe(true);
    expect(def("della", "normalize")).toBe(true);
    expect(def("dare_ties", "normalize")).toBe(false);
    expect(def("dare_linear", "rescale")).toBe(true);
    expect(def("breadcrumbs", "rescale")).toBe(false);
    expect(getMethod("slerp")?.base).toBe("required");
    expect(getMethod("nuslerp")?.base).toBe("optional");
    expect(getMethod("karcher")?.base).toBe("unused");
    expect(getMethod("model_stock")?.models.min).toBe(2);
  });
});
