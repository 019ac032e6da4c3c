/**
 * Semantic checks of a decoded Recipe against mergekit's rules and the method specs of
 * src/core/methods. What mergekit rejects (at load or at merge time) is an error; what it
 * accepts but is almost certainly a mistake is a warning with a code.
 */
import type { MethodSpec, ParamSpec } from "../methods/types.ts";
import { getMethod, METHOD_NAMES } from "../methods/registry.ts";
import type { ModelReference, ParameterSetting, Recipe, RecipePath } from "./types.ts";
import { DTYPES } from "./types.ts";
import { type IssueSink, pathText } from "./issue.ts";
import { modelKey } from "./model-ref.ts";
import { didYouMean } from "./suggest.ts";
import { checkParameters, requiredParamsMissing } from "./validate-params.ts";
import { type SourceGroup, sourceGroups } from "./source-groups.ts";

/** Built-in chat template names (mergekit/_data/chat_templates). */
export const CHAT_TEMPLATES = ["auto", "alpaca", "chatml", "exaone", "llama3", "mistral"] as const;

/** Common short names people write for mergekit's dtypes. */
const DTYPE_ALIASES: Record<string, string> = { bf16: "bfloat16", fp16: "float16", f16: "float16", half: "float16", fp32: "float32", f32: "float32", float: "float32" };

function checkDtype(v: string | undefined, key: "dtype" | "out_dtype", sink: IssueSink): void {
  if (v === undefined) return;
  const bare = v.startsWith("torch.") ? v.slice(6) : v;
  if (!(DTYPES as readonly string[]).includes(bare)) {
    const alias = DTYPE_ALIASES[bare.toLowerCase()];
    const hint = alias ? ` Did you mean '${alias}'?` : didYouMean(bare, DTYPES);
    sink.error("unknown-dtype", [key], `${key} '${v}' is not a dtype mergekit knows; use one of ${DTYPES.join(", ")}.${hint}`);
  }
}

function checkShape(r: Recipe, sink: IssueSink): void {
  const present = (["models", "slices", "modules"] as const).filter((k) => {
    const v = r[k];
    return Array.isArray(v) ? v.length > 0 : v !== undefined && Object.keys(v).length > 0;
  });
  if (present.length === 0) sink.error("no-models", [], "the recipe lists no models: add a non-empty 'models:' list (or 'slices:' / 'modules:')");
  if (present.length > 1) sink.error("conflicting-model-lists", [present[1] as string], `give exactly one of models, slices or modules; this recipe has ${present.join(" and ")}`, true);
  if (r.tokenizer && r.tokenizer_source !== undefined) sink.error("tokenizer-conflict", ["tokenizer_source"], "tokenizer_source and tokenizer cannot both be set; move the source into 'tokenizer: {source: ...}'", true);
  for (const [name, m] of Object.entries(r.modules ?? {})) {
    if (Boolean(m.slices?.length) === Boolean(m.models?.length)) sink.error("conflicting-model-lists", ["modules", name], `module '${name}' needs exactly one of slices or models`, true);
  }
  if (r.chat_template !== undefined && !(CHAT_TEMPLATES as readonly string[]).includes(r.chat_template) && (r.chat_template.length < 20 || !r.chat_template.includes("{"))) {
    sink.error("invalid-chat-template", ["chat_template"], `chat_template '${r.chat_template}' is neither a built-in (${CHAT_TEMPLATES.join(", ")}) nor a Jinja template (at least 20 characters with '{').${didYouMean(r.chat_template, CHAT_TEMPLATES)}`);
  }
}

const samePath = (a: ModelReference, b: ModelReference): boolean =>
  a.model.path.replace(/\/+$/, "").toLowerCase() === b.model.path.replace(/\/+$/, "").toLowerCase();

function checkGroup(g: SourceGroup, method: MethodSpec | undefined, r: Recipe, sink: IssueSink): void {
  const seen = new Map<string, RecipePath>();
  for (const s of g.sources) {
    const key = modelKey(s.model);
    const prev = seen.get(key);
    if (prev) sink.warn("duplicate-model", [...s.path, "model"], `${key} is listed twice (also at ${pathText(prev)}); mergekit keeps only one of them. Remove one entry.`);
    else seen.set(key, s.path);
    if (g.base && modelKey(g.base) !== key && samePath(g.base, s.model)) {
      sink.warn("base-model-mismatch", [...s.path, "model"], `'${key}' and the base model '${modelKey(g.base)}' look like the same model written differently, so it would be loaded twice; write both the same way`);
    }
    if (s.layer_range) {
      const [a, b] = s.layer_range;
      if (a < 0) sink.error("invalid-layer-range", [...s.path, "layer_range"], `layer_range [${a}, ${b}] starts below 0; layers are numbered from 0`);
      else if (b <= a) sink.warn("empty-layer-range", [...s.path, "layer_range"], `layer_range [${a}, ${b}] is empty (end is exclusive), so this slice copies nothing; did you mean [${a}, ${a + 1}]?`);
    }
  }
  const lengths = g.sources.filter((s) => s.layer_range).map((s) => (s.layer_range as [number, number])[1] - (s.layer_range as [number, number])[0]);
  if (lengths.some((l) => l !== lengths[0])) {
    sink.error("layer-count-mismatch", [...g.path, "sources"], `every source of a slice must span the same number of layers; here they span ${lengths.join(", ")}`);
  }
  if (g.slice && g.sources.length === 0) sink.error("empty-slice", [...g.path, "sources"], "this slice has no sources; list at least one {model, layer_range}");
  if (!method) return;
  const base = g.base;
  if (method.base === "required" && !base) {
    sink.error("missing-base-model", g.slice ? g.path : [], `${method.name} needs a base_model; add 'base_model: org/name' (usually the model the others were fine-tuned from)`, false);
  }
  const others = new Set(g.sources.map((s) => modelKey(s.model)));
  if (base && method.base !== "unused") others.delete(modelKey(base));
  const n = others.size;
  if (method.models.max !== undefined && n > method.models.max) {
    sink.error("model-count", g.path, `${method.name} merges at most ${method.models.max} model${method.models.max === 1 ? "" : "s"} besides the base, got ${n}`);
  } else if (n < method.models.min && g.sources.length > 0) {
    const strict = method.name === "model_stock";
    const msg = `${method.name} expects at least ${method.models.min} model${method.models.min === 1 ? "" : "s"} besides the base, got ${n}`;
    if (strict) sink.error("model-count", g.path, msg); else sink.warn("model-count", g.path, msg + "; the output will just be a copy");
  }
  requiredParamsMissing(g, method, r, sink);
}

/** Runs every semantic check on a decoded recipe. */
export function validateRecipe(r: Recipe, sink: IssueSink): void {
  checkShape(r, sink);
  checkDtype(r.dtype, "dtype", sink);
  checkDtype(r.out_dtype, "out_dtype", sink);
  const method = r.merge_method === "" ? undefined : getMethod(r.merge_method);
  if (!method && r.merge_method !== "") {
    sink.error("unknown-merge-method", ["merge_method"], `unknown merge_method '${r.merge_method}'.${didYouMean(r.merge_method, METHOD_NAMES)} Known methods: ${METHOD_NAMES.join(", ")}`);
  }
  for (const g of sourceGroups(r)) checkGroup(g, method, r, sink);
  if (method) checkParameters(r, method, sink);
}

export type { ParamSpec, ParameterSetting, SourceGroup };
