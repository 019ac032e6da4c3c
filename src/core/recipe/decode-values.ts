/**
 * Decoding of the leaf shapes of a recipe (plain JS from YAML) into typed values: model
 * references and parameter settings. Shapes mergekit's pydantic models reject are errors.
 */
import type { ConditionalParameter, ModelPath, ModelReference, ParameterSetting, Parameters, RecipePath } from "./types.ts";
import { type IssueSink, pathText } from "./issue.ts";
import { parseModelPath, parseModelReference } from "./model-ref.ts";
import { didYouMean } from "./suggest.ts";

/** A plain YAML mapping. */
export type Obj = Record<string, unknown>;

/** True for a YAML mapping (not a list, not null). */
export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Short description of a JS value's YAML type for messages. */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return "nothing (null)";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the text '${v.length > 40 ? v.slice(0, 40) + "…" : v}'`;
  return `${typeof v === "number" ? "the number" : "the value"} ${String(v)}`;
}

/** Warn about keys of `obj` not in `known`, with the nearest known name. */
export function checkKeys(obj: Obj, known: readonly string[], path: RecipePath, sink: IssueSink, where: string): void {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) {
      sink.warn("unknown-key", [...path, k], `unknown key '${k}' in ${where}; mergekit ignores it.${didYouMean(k, known)}`, true);
    }
  }
}

function decodeModelPath(v: unknown, path: RecipePath, sink: IssueSink): ModelPath | null {
  if (typeof v === "string") {
    const p = parseModelPath(v);
    if (typeof p === "string") { sink.error("invalid-model-reference", path, p); return null; }
    return p;
  }
  if (isObj(v)) {
    checkKeys(v, ["path", "revision"], path, sink, "a model path");
    if (typeof v.path !== "string" || v.path === "") {
      sink.error("invalid-model-reference", v.path === undefined ? path : [...path, "path"], `${pathText(path)}.path must be a model id or folder, got ${typeName(v.path)}`);
      return null;
    }
    const out: ModelPath = { path: v.path };
    if (v.revision !== undefined && v.revision !== null) {
      if (typeof v.revision !== "string") { sink.error("wrong-type", [...path, "revision"], `revision must be text (a branch, tag or sha), got ${typeName(v.revision)}`); return null; }
      out.revision = v.revision;
    }
    return out;
  }
  sink.error("wrong-type", path, `${pathText(path)} must be a model id like org/name, got ${typeName(v)}`);
  return null;
}

/** Decodes a model reference (string or dict form); null after reporting an error. */
export function decodeModelRef(v: unknown, path: RecipePath, sink: IssueSink): ModelReference | null {
  if (typeof v === "string") {
    const r = parseModelReference(v);
    if (typeof r === "string") { sink.error("invalid-model-reference", path, r); return null; }
    return r;
  }
  if (isObj(v)) {
    checkKeys(v, ["model", "lora", "override_architecture"], path, sink, "a model reference");
    if (v.model === undefined) { sink.error("missing-model", path, `${pathText(path)} needs a 'model' key (the model id or {path, revision})`); return null; }
    const model = decodeModelPath(v.model, [...path, "model"], sink);
    if (!model) return null;
    const ref: ModelReference = { model };
    if (v.lora !== undefined && v.lora !== null) {
      const lora = decodeModelPath(v.lora, [...path, "lora"], sink);
      if (!lora) return null;
      ref.lora = lora;
    }
    if (v.override_architecture !== undefined && v.override_architecture !== null) {
      if (typeof v.override_architecture !== "string") { sink.error("wrong-type", [...path, "override_architecture"], `override_architecture must be an architecture name like MistralForCausalLM, got ${typeName(v.override_architecture)}`); return null; }
      ref.override_architecture = v.override_architecture;
    }
    return ref;
  }
  sink.error("wrong-type", path, `${pathText(path)} must be a model id like org/name, got ${typeName(v)}`);
  return null;
}

const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

function decodeValue(v: unknown, path: RecipePath, sink: IssueSink): number | boolean | number[] | null {
  if (isNum(v) || typeof v === "boolean") return v;
  if (Array.isArray(v) && v.length > 0 && v.every(isNum)) return v;
  if (Array.isArray(v) && v.length === 0) { sink.error("empty-gradient", path, `${pathText(path)} is an empty list; give a number or a gradient like [0, 0.5, 1]`); return null; }
  sink.error("wrong-type", path, `${pathText(path)} must be a number, true/false or a list of numbers, got ${typeName(v)}`);
  return null;
}

/** Decodes one ParameterSetting; null after reporting an error. */
export function decodeSetting(v: unknown, path: RecipePath, sink: IssueSink): ParameterSetting | null {
  if (Array.isArray(v) && v.length > 0 && v.some(isObj)) {
    const out: ConditionalParameter[] = [];
    let ok = true;
    v.forEach((c, i) => {
      const p = [...path, i];
      if (!isObj(c)) { sink.error("wrong-type", p, `${pathText(p)}: a conditional list holds only {filter, value} entries, got ${typeName(c)}`); ok = false; return; }
      checkKeys(c, ["filter", "value"], p, sink, "a conditional parameter");
      if (!("value" in c)) { sink.error("missing-value", p, `${pathText(p)} has no 'value'; write {filter: mlp, value: 0.5}`); ok = false; return; }
      const value = decodeValue(c.value, [...p, "value"], sink);
      if (value === null) { ok = false; return; }
      if (c.filter !== undefined && c.filter !== null && typeof c.filter !== "string") {
        sink.error("wrong-type", [...p, "filter"], `filter must be text (a substring of tensor names, e.g. self_attn), got ${typeName(c.filter)}`);
        ok = false;
        return;
      }
      // Canonical key order: filter first, as people write it.
      out.push(typeof c.filter === "string" ? { filter: c.filter, value } : { value });
    });
    return ok ? out : null;
  }
  if (isObj(v)) {
    sink.error("bare-conditional", path, `${pathText(path)} is a single {filter, value} mapping; mergekit fails on it at merge time. Put it in a list: '- filter: ...'`);
    return null;
  }
  return decodeValue(v, path, sink);
}

/** Decodes a `parameters:` block (null or absent = none). */
export function decodeParameters(v: unknown, path: RecipePath, sink: IssueSink): Parameters | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) { sink.error("wrong-type", path, `${pathText(path)} must be a mapping of parameter names to values, got ${typeName(v)}`); return undefined; }
  const out: Parameters = {};
  for (const [k, val] of Object.entries(v)) {
    const s = decodeSetting(val, [...path, k], sink);
    if (s !== null) out[k] = s;
  }
  return out;
}
