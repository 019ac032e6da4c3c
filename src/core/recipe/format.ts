/**
 * Recipe -> canonical YAML: fixed key order, model references in string form where possible,
 * number lists in flow style (like mergekit's ConfigYamlDumper), two-space indentation.
 * Stable and idempotent: formatRecipe(parse(formatRecipe(r))) === formatRecipe(r).
 */
import { Document, isScalar, isSeq, visit } from "yaml";
import type { InputModel, InputSlice, ModelPath, ModelReference, OutputModule, OutputSlice, Parameters, Recipe, TokenizerConfig, TokenSource } from "./types.ts";
import { modelReferenceString } from "./model-ref.ts";

type Plain = unknown;

function pathObj(p: ModelPath): Plain {
  return p.revision !== undefined ? { path: p.path, revision: p.revision } : { path: p.path };
}

/** A model reference as YAML data: the string form, else the dict form. */
export function modelRefData(ref: ModelReference): Plain {
  const s = modelReferenceString(ref);
  if (s !== null) return s;
  const out: Record<string, Plain> = { model: pathObj(ref.model) };
  if (ref.lora) out.lora = pathObj(ref.lora);
  if (ref.override_architecture !== undefined) out.override_architecture = ref.override_architecture;
  return out;
}

function params(p: Parameters | undefined): Plain {
  return p === undefined ? undefined : { ...p };
}

function model(m: InputModel): Plain {
  return m.parameters !== undefined ? { model: modelRefData(m.model), parameters: params(m.parameters) } : { model: modelRefData(m.model) };
}

function source(s: InputSlice): Plain {
  const o: Record<string, Plain> = { model: modelRefData(s.model), layer_range: [...s.layer_range] };
  if (s.parameters !== undefined) o.parameters = params(s.parameters);
  return o;
}

function slice(s: OutputSlice): Plain {
  const o: Record<string, Plain> = { sources: s.sources.map(source) };
  if (s.base_model) o.base_model = modelRefData(s.base_model);
  if (s.residual_weight !== undefined) o.residual_weight = s.residual_weight;
  if (s.parameters !== undefined) o.parameters = params(s.parameters);
  return o;
}

function moduleData(m: OutputModule): Plain {
  const o: Record<string, Plain> = {};
  if (m.slices) o.slices = m.slices.map(slice);
  if (m.models) o.models = m.models.map(model);
  if (m.parameters !== undefined) o.parameters = params(m.parameters);
  return o;
}

function tokenSource(s: TokenSource): Plain {
  if (s.kind === "model") return modelRefData(s.model);
  if (s.kind === "zero") return { kind: "zero" };
  return s.token_id !== undefined ? { kind: "model_token", model: modelRefData(s.model), token_id: s.token_id } : { kind: "model_token", model: modelRefData(s.model), token: s.token };
}

function tokenizer(t: TokenizerConfig): Plain {
  const o: Record<string, Plain> = {};
  if (t.source !== undefined) o.source = typeof t.source === "string" ? t.source : modelRefData(t.source);
  if (t.tokens) {
    o.tokens = Object.fromEntries(Object.entries(t.tokens).map(([k, v]) => {
      const c: Record<string, Plain> = {};
      if (v.source) c.source = tokenSource(v.source);
      if (v.force !== undefined) c.force = v.force;
      return [k, c];
    }));
  }
  if (t.pad_to_multiple_of !== undefined) o.pad_to_multiple_of = t.pad_to_multiple_of;
  return o;
}

/** The recipe as plain data in canonical key order (undefined fields omitted). */
export function recipeData(r: Recipe): Record<string, Plain> {
  const o: Record<string, Plain> = {};
  const put = (k: string, v: Plain) => { if (v !== undefined) o[k] = v; };
  put("name", r.name);
  put("merge_method", r.merge_method);
  put("base_model", r.base_model && modelRefData(r.base_model));
  put("models", r.models?.map(model));
  put("slices", r.slices?.map(slice));
  put("modules", r.modules && Object.fromEntries(Object.entries(r.modules).map(([k, v]) => [k, moduleData(v)])));
  put("parameters", params(r.parameters));
  put("dtype", r.dtype);
  put("out_dtype", r.out_dtype);
  put("tokenizer_source", r.tokenizer_source === undefined || typeof r.tokenizer_source === "string" ? r.tokenizer_source : modelRefData(r.tokenizer_source));
  put("tokenizer", r.tokenizer && tokenizer(r.tokenizer));
  put("chat_template", r.chat_template);
  put("random_seed", r.random_seed);
  return o;
}

/** Plain data -> YAML text with number lists in flow style. */
export function toYaml(data: unknown): string {
  // YAML 1.1 output, so PyYAML (mergekit) reads it back the same: "yes", "on" get quoted.
  const doc = new Document(data, { version: "1.1" });
  visit(doc, {
    Seq(_, node) {
      if (node.items.length > 0 && node.items.every((i) => isScalar(i) && typeof i.value === "number")) node.flow = true;
    },
  });
  // Empty lists/maps print as [] / {} on their own; nothing else needs flow style.
  visit(doc, { Seq(_, node) { if (isSeq(node) && node.items.length === 0) node.flow = true; } });
  return doc.toString({ lineWidth: 0, indent: 2, indentSeq: true, flowCollectionPadding: false });
}

/** Canonical YAML of one recipe. */
export function formatRecipe(r: Recipe): string {
  return toYaml(recipeData(r));
}

/** Canonical YAML of several recipes (mergekit-multi), separated by `---`. */
export function formatRecipes(rs: readonly Recipe[]): string {
  return rs.map(formatRecipe).join("---\n");
}
