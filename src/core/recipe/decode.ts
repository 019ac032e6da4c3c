/**
 * Plain JS (one YAML document) -> typed Recipe, reporting shape problems as path-located
 * issues. Only what mergekit's pydantic models reject is an error; unknown keys are warnings
 * (pydantic ignores extra fields).
 */
import type { InputModel, ModelReference, InputSlice, OutputModule, OutputSlice, Recipe, RecipePath, TokenConfig, TokenizerConfig, TokenSource } from "./types.ts";
import { type IssueSink, pathText } from "./issue.ts";
import { checkKeys, decodeModelRef, decodeParameters, isObj, type Obj, typeName } from "./decode-values.ts";

/** Top-level keys a recipe may have (mergekit's + `random_seed` + mergekit-multi's `name`). */
export const TOP_LEVEL_KEYS = [
  "name", "merge_method", "base_model", "models", "slices", "modules", "parameters", "dtype",
  "out_dtype", "tokenizer_source", "tokenizer", "chat_template", "random_seed",
] as const;

function optString(o: Obj, key: string, path: RecipePath, sink: IssueSink): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  sink.error("wrong-type", [...path, key], `${pathText([...path, key])} must be text, got ${typeName(v)}`);
  return undefined;
}

function list(v: unknown, path: RecipePath, sink: IssueSink, what: string): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v;
  sink.error("wrong-type", path, `${pathText(path)} must be a list of ${what}, got ${typeName(v)}`);
  return undefined;
}

function decodeModels(v: unknown, path: RecipePath, sink: IssueSink): InputModel[] | undefined {
  const items = list(v, path, sink, "{model, parameters} entries");
  if (!items) return undefined;
  const out: InputModel[] = [];
  items.forEach((item, i) => {
    const p = [...path, i];
    // `- org/name` (a bare string) is not accepted by mergekit: models[] entries are mappings.
    if (!isObj(item)) { sink.error("wrong-type", p, `${pathText(p)} must be a mapping like '- model: org/name', got ${typeName(item)}`); return; }
    checkKeys(item, ["model", "parameters"], p, sink, "a models entry");
    if (item.model === undefined || item.model === null) { sink.error("missing-model", p, `${pathText(p)} has no 'model'; add 'model: org/name'`); return; }
    const model = decodeModelRef(item.model, [...p, "model"], sink);
    const parameters = decodeParameters(item.parameters, [...p, "parameters"], sink);
    if (model) out.push(parameters ? { model, parameters } : { model });
  });
  return out;
}

function decodeLayerRange(v: unknown, path: RecipePath, sink: IssueSink): [number, number] | null {
  if (Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x))) return [v[0] as number, v[1] as number];
  sink.error(v === undefined ? "missing-layer-range" : "wrong-type", path, `${pathText(path)} must be [start, end] with whole numbers (end exclusive), got ${typeName(v)}`);
  return null;
}

function decodeSlices(v: unknown, path: RecipePath, sink: IssueSink): OutputSlice[] | undefined {
  const items = list(v, path, sink, "slices (each with 'sources')");
  if (!items) return undefined;
  const out: OutputSlice[] = [];
  items.forEach((item, i) => {
    const p = [...path, i];
    if (!isObj(item)) { sink.error("wrong-type", p, `${pathText(p)} must be a mapping with 'sources', got ${typeName(item)}`); return; }
    checkKeys(item, ["sources", "base_model", "residual_weight", "parameters"], p, sink, "a slice");
    if (item.sources === undefined || item.sources === null) { sink.error("missing-sources", p, `${pathText(p)} has no 'sources'; list the models and layer ranges it takes`); return; }
    const srcItems = list(item.sources, [...p, "sources"], sink, "{model, layer_range} entries") ?? [];
    const sources: InputSlice[] = [];
    srcItems.forEach((s, j) => {
      const sp = [...p, "sources", j];
      if (!isObj(s)) { sink.error("wrong-type", sp, `${pathText(sp)} must be a mapping with 'model' and 'layer_range', got ${typeName(s)}`); return; }
      checkKeys(s, ["model", "layer_range", "parameters"], sp, sink, "a slice source");
      if (s.model === undefined || s.model === null) { sink.error("missing-model", sp, `${pathText(sp)} has no 'model'; add 'model: org/name'`); return; }
      const model = decodeModelRef(s.model, [...sp, "model"], sink);
      const range = decodeLayerRange(s.layer_range, s.layer_range === undefined ? sp : [...sp, "layer_range"], sink);
      const parameters = decodeParameters(s.parameters, [...sp, "parameters"], sink);
      if (model && range) sources.push(parameters ? { model, layer_range: range, parameters } : { model, layer_range: range });
    });
    const slice: OutputSlice = { sources };
    if (item.base_model !== undefined && item.base_model !== null) {
      const b = decodeModelRef(item.base_model, [...p, "base_model"], sink);
      if (b) slice.base_model = b;
    }
    if (item.residual_weight !== undefined && item.residual_weight !== null) {
      if (typeof item.residual_weight === "number") slice.residual_weight = item.residual_weight;
      else sink.error("wrong-type", [...p, "residual_weight"], `residual_weight must be a number, got ${typeName(item.residual_weight)}`);
    }
    const parameters = decodeParameters(item.parameters, [...p, "parameters"], sink);
    if (parameters) slice.parameters = parameters;
    out.push(slice);
  });
  return out;
}

function decodeModules(v: unknown, path: RecipePath, sink: IssueSink): Record<string, OutputModule> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) { sink.error("wrong-type", path, `modules must be a mapping of module names (e.g. text_decoder) to {slices | models, parameters}, got ${typeName(v)}`); return undefined; }
  const out: Record<string, OutputModule> = {};
  for (const [name, m] of Object.entries(v)) {
    const p = [...path, name];
    if (!isObj(m)) { sink.error("wrong-type", p, `${pathText(p)} must be a mapping with 'slices' or 'models', got ${typeName(m)}`); continue; }
    checkKeys(m, ["slices", "models", "parameters"], p, sink, "a module");
    const mod: OutputModule = {};
    const slices = decodeSlices(m.slices, [...p, "slices"], sink);
    const models = decodeModels(m.models, [...p, "models"], sink);
    if (slices) mod.slices = slices;
    if (models) mod.models = models;
    const parameters = decodeParameters(m.parameters, [...p, "parameters"], sink);
    if (parameters) mod.parameters = parameters;
    out[name] = mod;
  }
  return out;
}

function decodeTokenizerSource(v: unknown, path: RecipePath, sink: IssueSink): "union" | "base" | ModelReference | undefined {
  if (v === "union" || v === "base") return v;
  return decodeModelRef(v, path, sink) ?? undefined;
}

function decodeTokenSource(v: unknown, path: RecipePath, sink: IssueSink): TokenSource | undefined {
  if (isObj(v) && "kind" in v) {
    if (v.kind === "zero") { checkKeys(v, ["kind"], path, sink, "a zero token source"); return { kind: "zero" }; }
    if (v.kind !== "model_token") { sink.error("invalid-token-source", [...path, "kind"], `token source kind must be 'model_token' or 'zero', got ${typeName(v.kind)}`); return undefined; }
    checkKeys(v, ["kind", "model", "token", "token_id"], path, sink, "a model_token source");
    const model = decodeModelRef(v.model, [...path, "model"], sink);
    const hasTok = v.token !== undefined && v.token !== null;
    const hasId = v.token_id !== undefined && v.token_id !== null;
    if (hasTok === hasId) { sink.error("invalid-token-source", path, `a model_token source needs exactly one of 'token' or 'token_id'`); return undefined; }
    if (hasId && !Number.isInteger(v.token_id)) { sink.error("wrong-type", [...path, "token_id"], `token_id must be a whole number, got ${typeName(v.token_id)}`); return undefined; }
    if (!model) return undefined;
    return hasId ? { kind: "model_token", model, token_id: v.token_id as number } : { kind: "model_token", model, token: String(v.token) };
  }
  const model = decodeModelRef(v, path, sink);
  return model ? { kind: "model", model } : undefined;
}

function decodeTokenizer(v: unknown, path: RecipePath, sink: IssueSink): TokenizerConfig | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) { sink.error("wrong-type", path, `tokenizer must be a mapping {source, tokens, pad_to_multiple_of}, got ${typeName(v)}`); return undefined; }
  checkKeys(v, ["source", "tokens", "pad_to_multiple_of"], path, sink, "the tokenizer block");
  const out: TokenizerConfig = {};
  if (v.source !== undefined && v.source !== null) {
    const s = decodeTokenizerSource(v.source, [...path, "source"], sink);
    if (s !== undefined) out.source = s;
  }
  if (v.tokens !== undefined && v.tokens !== null) {
    if (!isObj(v.tokens)) sink.error("wrong-type", [...path, "tokens"], `tokenizer.tokens must be a mapping of token text to {source, force}, got ${typeName(v.tokens)}`);
    else {
      const tokens: Record<string, TokenConfig> = {};
      for (const [tok, cfg] of Object.entries(v.tokens)) {
        const p = [...path, "tokens", tok];
        if (!isObj(cfg)) { sink.error("wrong-type", p, `${pathText(p)} must be a mapping {source, force}, got ${typeName(cfg)}`); continue; }
        checkKeys(cfg, ["source", "force"], p, sink, "a token setting");
        const tc: TokenConfig = {};
        if (cfg.source !== undefined && cfg.source !== null) { const s = decodeTokenSource(cfg.source, [...p, "source"], sink); if (s) tc.source = s; }
        if (cfg.force !== undefined && cfg.force !== null) {
          if (typeof cfg.force === "boolean") tc.force = cfg.force;
          else sink.error("wrong-type", [...p, "force"], `force must be true or false, got ${typeName(cfg.force)}`);
        }
        tokens[tok] = tc;
      }
      out.tokens = tokens;
    }
  }
  if (v.pad_to_multiple_of !== undefined && v.pad_to_multiple_of !== null) {
    if (Number.isInteger(v.pad_to_multiple_of)) out.pad_to_multiple_of = v.pad_to_multiple_of as number;
    else sink.error("wrong-type", [...path, "pad_to_multiple_of"], `pad_to_multiple_of must be a whole number like 64, got ${typeName(v.pad_to_multiple_of)}`);
  }
  return out;
}

/** Decodes one document's JS value; null when it is not a recipe at all (not a mapping, no merge_method). */
export function decodeRecipe(js: unknown, sink: IssueSink): Recipe | null {
  if (!isObj(js)) { sink.error("not-a-mapping", [], `a recipe must be a YAML mapping with merge_method and models or slices, got ${typeName(js)}`); return null; }
  checkKeys(js, TOP_LEVEL_KEYS, [], sink, "the recipe");
  let ok = true;
  const method = js.merge_method;
  if (typeof method !== "string" || method === "") {
    ok = false;
    sink.error(method === undefined ? "missing-merge-method" : "wrong-type", method === undefined ? [] : ["merge_method"], method === undefined ? "the recipe has no merge_method; add e.g. 'merge_method: ties'" : `merge_method must be a method name like ties, got ${typeName(method)}`);
  }
  const r: Recipe = { merge_method: typeof method === "string" ? method : "" };
  const str = (k: string) => optString(js, k, [], sink);
  const name = str("name");
  if (name !== undefined) r.name = name;
  if (js.base_model !== undefined && js.base_model !== null) { const b = decodeModelRef(js.base_model, ["base_model"], sink); if (b) r.base_model = b; }
  const models = decodeModels(js.models, ["models"], sink);
  if (models) r.models = models;
  const slices = decodeSlices(js.slices, ["slices"], sink);
  if (slices) r.slices = slices;
  const modules = decodeModules(js.modules, ["modules"], sink);
  if (modules) r.modules = modules;
  const parameters = decodeParameters(js.parameters, ["parameters"], sink);
  if (parameters) r.parameters = parameters;
  for (const k of ["dtype", "out_dtype", "chat_template"] as const) { const s = str(k); if (s !== undefined) r[k] = s; }
  if (js.tokenizer_source !== undefined && js.tokenizer_source !== null) { const s = decodeTokenizerSource(js.tokenizer_source, ["tokenizer_source"], sink); if (s !== undefined) r.tokenizer_source = s; }
  const tok = decodeTokenizer(js.tokenizer, ["tokenizer"], sink);
  if (tok) r.tokenizer = tok;
  if (js.random_seed !== undefined && js.random_seed !== null) {
    const s = js.random_seed;
    if (Number.isInteger(s) && (s as number) >= 0 && (s as number) <= 0xffffffff) r.random_seed = s as number;
    else sink.error("wrong-type", ["random_seed"], `random_seed must be a whole number from 0 to 4294967295, got ${typeName(s)}`);
  }
  return ok ? r : null;
}
