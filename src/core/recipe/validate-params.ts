/**
 * Parameter checks: names the method does not take, values outside the range that makes
 * sense, required parameters given nowhere, weights that sum to zero, DELLA's epsilon window.
 */
import type { MethodSpec, ParamSpec } from "../methods/types.ts";
import type { ModelReference, ParameterSetting, Parameters, Recipe, RecipePath } from "./types.ts";
import { type IssueSink, pathText } from "./issue.ts";
import { modelKey } from "./model-ref.ts";
import { didYouMean } from "./suggest.ts";
import { type SourceGroup, sourceGroups } from "./source-groups.ts";

/** Every number a setting can evaluate to, with the path of the node holding it. */
function numbersIn(s: ParameterSetting, path: RecipePath): { value: number | boolean; path: RecipePath }[] {
  if (typeof s === "number" || typeof s === "boolean") return [{ value: s, path }];
  if (s.length > 0 && typeof s[0] === "number") return (s as number[]).map((v, i) => ({ value: v, path: [...path, i] }));
  return (s as Exclude<ParameterSetting, number | boolean | number[]>).flatMap((c, i) => numbersIn(c.value, [...path, i, "value"]));
}

function checkValue(spec: ParamSpec, s: ParameterSetting, path: RecipePath, method: string, sink: IssueSink): void {
  for (const { value, path: p } of numbersIn(s, path)) {
    const v = typeof value === "boolean" ? (value ? 1 : 0) : value;
    if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
      sink.warn("out-of-range", p, `${spec.name} = ${v} is outside [${spec.min ?? "-inf"}, ${spec.max ?? "inf"}] for ${method} (${spec.doc}); mergekit accepts it, but the result is unlikely to be what you want`);
    }
    if (spec.kind === "int" && !Number.isInteger(v)) sink.warn("not-an-integer", p, `${spec.name} is a whole number for ${method}; ${v} is truncated to ${Math.trunc(v)}`);
  }
}

/** Every parameters block in the recipe, with whether it belongs to one model. */
function blocks(r: Recipe): { params: Parameters; path: RecipePath; perModelOnly: boolean }[] {
  const out: { params: Parameters; path: RecipePath; perModelOnly: boolean }[] = [];
  if (r.parameters) out.push({ params: r.parameters, path: ["parameters"], perModelOnly: false });
  for (const [name, m] of Object.entries(r.modules ?? {})) if (m.parameters) out.push({ params: m.parameters, path: ["modules", name, "parameters"], perModelOnly: false });
  for (const g of sourceGroups(r)) {
    if (g.slice?.parameters) out.push({ params: g.slice.parameters, path: [...g.path, "parameters"], perModelOnly: false });
    for (const s of g.sources) if (s.parameters) out.push({ params: s.parameters, path: [...s.path, "parameters"], perModelOnly: true });
  }
  return out;
}

/** Scalar value of `name` for a source, looked up like mergekit (source, slice, module, top); undefined if not a plain number. */
function scalarFor(name: string, g: SourceGroup, src: SourceGroup["sources"][number] | null, r: Recipe): number | boolean | undefined | "complex" {
  const levels = [src?.parameters, g.slice?.parameters, g.moduleParams, r.parameters];
  for (const l of levels) {
    if (l && name in l) {
      const v = l[name] as ParameterSetting;
      return typeof v === "number" || typeof v === "boolean" ? v : "complex";
    }
  }
  return undefined;
}

/** Warns about parameter names and values the method does not take; checks DELLA's window. */
export function checkParameters(r: Recipe, method: MethodSpec, sink: IssueSink): void {
  const all = [...method.globalParams, ...method.perModelParams];
  const names = all.map((p) => p.name);
  for (const { params, path, perModelOnly } of blocks(r)) {
    for (const [k, s] of Object.entries(params)) {
      const spec = all.find((p) => p.name === k);
      if (!spec) {
        const takes = names.length ? `it takes ${names.join(", ")}` : "it takes no parameters";
        sink.warn("unknown-parameter", [...path, k], `${method.name} has no parameter '${k}' (${takes}); mergekit ignores it.${didYouMean(k, names)}`, true);
        continue;
      }
      if (perModelOnly && method.globalParams.includes(spec)) {
        sink.warn("global-parameter-per-model", [...path, k], `'${k}' is looked up once per tensor, never from one model's parameters, so mergekit ignores it here; move it to the top-level 'parameters:'`, true);
      }
      checkValue(spec, s, [...path, k], method.name, sink);
    }
  }
  for (const g of sourceGroups(r)) {
    const nonBase = g.sources.filter((s) => !g.base || modelKey(s.model) !== modelKey(g.base));
    const normalize = scalarFor("normalize", g, null, r) ?? method.globalParams.find((p) => p.name === "normalize")?.default;
    if (normalize === true && method.perModelParams.some((p) => p.name === "weight") && nonBase.length > 0) {
      const ws = nonBase.map((s) => scalarFor("weight", g, s, r));
      if (ws.every((w) => typeof w === "number") && (ws as number[]).reduce((a, b) => a + b, 0) === 0) {
        sink.warn("weights-sum-zero", g.path, `the weights of ${pathText(g.path)} sum to 0 and ${method.name} divides by their sum (normalize), giving inf/NaN; change a weight or set normalize: false`);
      }
    }
    if (method.perModelParams.some((p) => p.name === "epsilon")) {
      for (const s of nonBase) {
        const d = scalarFor("density", g, s, r) ?? 1;
        const e = scalarFor("epsilon", g, s, r) ?? 0.15;
        if (typeof d === "number" && typeof e === "number" && d > 0 && d < 1 && (d - e <= 0 || d + e >= 1)) {
          sink.error("della-epsilon-range", s.path, `${method.name}: density ${d} +/- epsilon ${e} must stay inside (0, 1) or mergekit stops with "Epsilon must be chosen such that density +/- epsilon is in (0, 1)"; lower epsilon or move density`);
        }
      }
    }
  }
}

/** Errors for required parameters given at no level (mergekit: "Missing required parameter"). */
export function requiredParamsMissing(g: SourceGroup, method: MethodSpec, r: Recipe, sink: IssueSink): void {
  for (const p of method.globalParams) {
    if (p.required && scalarFor(p.name, g, null, r) === undefined) {
      sink.error("missing-parameter", g.slice ? g.path : [], `${method.name} needs parameter '${p.name}' (${p.doc}); add it under 'parameters:'`);
    }
  }
  // mergekit's linear adds a given base_model as an input; with no weight for it the merge crashes.
  // (models: form appends it; in slices: it is an input only when listed as a source.)
  const baseSrc = g.base ? g.sources.find((s) => modelKey(s.model) === modelKey(g.base as ModelReference)) : undefined;
  if (method.name === "linear" && g.base && (baseSrc || !g.slice) && scalarFor("weight", g, baseSrc ?? null, r) === undefined) {
    sink.error("missing-parameter", ["base_model"], `linear averages a given base_model in as one more model, so it needs a weight too (mergekit stops without one); give it 'parameters: {weight: ...}' in models, set a top-level weight, or remove base_model`);
  }
  for (const p of method.perModelParams) {
    if (!p.required) continue;
    for (const s of g.sources) {
      if (g.base && modelKey(s.model) === modelKey(g.base)) continue;
      if (scalarFor(p.name, g, s, r) === undefined) {
        sink.error("missing-parameter", s.path, `${method.name} needs '${p.name}' for ${modelKey(s.model)} (${p.doc}); add 'parameters: {${p.name}: ...}' to it or to the top level`);
      }
    }
  }
}
