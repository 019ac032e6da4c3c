/**
 * Parameter resolution exactly as mergekit's ConfigReader.parameter + evaluate_setting
 * (mergekit/config.py) and plan.py's choice of `t`:
 * - lookup order: slice source (per-model params only) -> slice -> module -> top level -> default;
 *   a level whose setting evaluates to "no match" (conditional list, no filter matched) is skipped;
 * - gradients are piecewise-linear with evenly spaced knots, at t = layer/(L-1) of the OUTPUT
 *   slice (t restarts in every slice; t = 1 when the slice has one layer);
 * - pre weights (embeddings) and post weights (final norm, lm_head) use t = 0 with the first
 *   (pre) or last (post) slice;
 * - conditional filters are plain substring matches against the tensor name; first match wins;
 *   global params match the OUTPUT tensor name, per-model params that model's INPUT tensor name.
 */
import type { MethodSpec } from "../methods/types.ts";
import type { ModelReference, OutputModule, OutputSlice, ParameterSetting, Parameters, Recipe } from "./types.ts";
import { modelKey } from "./model-ref.ts";

/** Evaluates one setting for a tensor at gradient position t; undefined = no filter matched. */
export function evaluateSetting(tensorName: string, setting: ParameterSetting, t: number): number | boolean | undefined {
  if (typeof setting === "number" || typeof setting === "boolean") return setting;
  if (setting.length === 0) return undefined;
  if (typeof setting[0] === "number") {
    const list = setting as number[];
    const scaled = t * (list.length - 1);
    const i0 = Math.trunc(scaled);
    const i1 = Math.min(list.length - 1, i0 + 1);
    const frac = scaled - i0;
    return (1 - frac) * (list[i0] as number) + frac * (list[i1] as number);
  }
  for (const c of setting as Exclude<ParameterSetting, number | boolean | number[]>) {
    if (c.filter === undefined || c.filter === "*" || (tensorName !== "" && tensorName.includes(c.filter))) {
      return evaluateSetting(tensorName, c.value, t);
    }
  }
  return undefined;
}

/** Gradient position of layer `index` in an output slice of `count` layers (mergekit plan_slice). */
export function layerT(index: number, count: number): number {
  return count > 1 ? index / (count - 1) : 1;
}

/** Where a lookup happens: which slice/module, and for which model (null = global parameter). */
export interface LookupContext {
  recipe: Recipe;
  slice?: OutputSlice;
  module?: OutputModule;
  tensorName: string;
  t: number;
}

/** mergekit ConfigReader.parameter: the value of `name`, or undefined when no level sets it. */
export function resolveParameter(ctx: LookupContext, name: string, model: ModelReference | null): number | boolean | undefined {
  const levels: (Parameters | undefined)[] = [];
  if (ctx.slice) {
    if (model) {
      const key = modelKey(model);
      for (const s of ctx.slice.sources) if (modelKey(s.model) === key && s.parameters && name in s.parameters) levels.push(s.parameters);
    }
    levels.push(ctx.slice.parameters);
  }
  levels.push(ctx.module?.parameters, ctx.recipe.parameters);
  for (const l of levels) {
    if (!l || !(name in l)) continue;
    const v = evaluateSetting(ctx.tensorName, l[name] as ParameterSetting, ctx.t);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The slices of the recipe (or of one module) as mergekit normalizes them; `models:` becomes one slice. */
export function normalizedSlices(recipe: Recipe, moduleName?: string): OutputSlice[] {
  const mod = moduleName !== undefined ? recipe.modules?.[moduleName] : undefined;
  const slices = mod ? mod.slices : recipe.slices;
  if (slices?.length) return slices;
  const models = (mod ? mod.models : recipe.models) ?? [];
  const sources = models.map((m) => ({ model: m.model, layer_range: [0, 0] as [number, number], ...(m.parameters ? { parameters: m.parameters } : {}) }));
  const base = recipe.base_model;
  if (base && !sources.some((s) => modelKey(s.model) === modelKey(base))) sources.push({ model: base, layer_range: [0, 0] });
  return [{ sources }];
}

/** Which output tensor is being planned. */
export type TensorPosition =
  | { kind: "layer"; sliceIndex: number; layerIndexInSlice: number; sliceLayerCount: number }
  /** Embeddings etc.: first slice, t = 0. */
  | { kind: "pre" }
  /** Final norm, lm_head: last slice, t = 0. */
  | { kind: "post" };

/** Input of resolveTensorParams: one output tensor of one (optional) module. */
export interface TensorParamsQuery {
  recipe: Recipe;
  method: MethodSpec;
  /** Module name for `modules:` recipes; omit otherwise. */
  moduleName?: string;
  position: TensorPosition;
  outputTensorName: string;
  /** Input tensor name per model key (modelKey); missing models fall back to the output name. */
  inputTensorNameByModel?: ReadonlyMap<string, string>;
}

/** Resolved parameters of one output tensor, defaults filled in. */
export interface TensorParams {
  global: Record<string, number | boolean>;
  /** Per model key (modelKey of each source of the slice, base included). */
  perModel: Map<string, Record<string, number>>;
  /** Base model in effect for this slice (slice base_model, else top level). */
  baseModel: ModelReference | null;
  /** "Missing required parameter" messages, as mergekit would raise them. */
  missing: string[];
}

/**
 * Resolves every global and per-model parameter of `method` for one output tensor, exactly
 * as mergekit plans it (see the file comment). Booleans stay booleans for bool params;
 * per-model values are numbers (mergekit coerces true to 1.0).
 */
export function resolveTensorParams(q: TensorParamsQuery): TensorParams {
  const slices = normalizedSlices(q.recipe, q.moduleName);
  const pos = q.position;
  const slice = pos.kind === "layer" ? slices[pos.sliceIndex] : pos.kind === "pre" ? slices[0] : slices[slices.length - 1];
  if (!slice) throw new RangeError(`resolveTensorParams: the recipe has no slice ${pos.kind === "layer" ? pos.sliceIndex : pos.kind}`);
  const t = pos.kind === "layer" ? layerT(pos.layerIndexInSlice, pos.sliceLayerCount) : 0;
  const module = q.moduleName !== undefined ? q.recipe.modules?.[q.moduleName] : undefined;
  const baseModel = slice.base_model ?? q.recipe.base_model ?? null;
  const missing: string[] = [];
  const global: Record<string, number | boolean> = {};
  const gctx: LookupContext = { recipe: q.recipe, slice, module, tensorName: q.outputTensorName, t };
  for (const p of q.method.globalParams) {
    const v = resolveParameter(gctx, p.name, null) ?? p.default;
    if (v === undefined) { if (p.required) missing.push(`Missing required parameter ${p.name} for ${q.outputTensorName}`); continue; }
    global[p.name] = p.kind === "bool" ? Boolean(v) : Number(v);
  }
  const perModel = new Map<string, Record<string, number>>();
  for (const src of slice.sources) {
    const key = modelKey(src.model);
    const isBase = baseModel !== null && modelKey(baseModel) === key;
    const tensorName = q.inputTensorNameByModel?.get(key) ?? q.outputTensorName;
    const mctx: LookupContext = { ...gctx, tensorName };
    const rec: Record<string, number> = {};
    for (const p of q.method.perModelParams) {
      const v = resolveParameter(mctx, p.name, src.model) ?? p.default;
      if (v === undefined) { if (p.required && !isBase) missing.push(`Missing required parameter ${p.name} for ${key}.${tensorName}`); continue; }
      rec[p.name] = Number(v);
    }
    perModel.set(key, rec);
  }
  return { global, perModel, baseModel, missing };
}
