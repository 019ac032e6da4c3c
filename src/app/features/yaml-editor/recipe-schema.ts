/**
 * What the YAML editor knows about recipe keys: the mergekit fields (mergekit-semantics §2.1)
 * and, per merge method, its parameters from the method registry. Pure data + lookups, so the
 * completion and hover providers stay thin and this part is unit-tested in Node.
 */
import type { MethodSpec, ParamSpec } from "../../../core/methods/types.ts";

/** Documented recipe keys by the mapping they appear in. */
export const RECIPE_KEYS: Record<"top" | "model" | "slice" | "source", Record<string, string>> = {
  top: {
    merge_method: "The merge algorithm (one of the 20 mergekit methods).",
    base_model: "The model deltas are taken against; required by task-vector methods (ties, dare_*, della...).",
    models: "Input models, each `- model: org/name[@revision]` with optional `parameters`.",
    slices: "Output built from layer ranges: `- sources: [{model, layer_range: [start, end)}]` (end exclusive).",
    parameters: "Parameters for every tensor: method parameters and per-model defaults (weight, density...).",
    dtype: "Dtype inputs are loaded and merged in (float32, float16, bfloat16).",
    out_dtype: "Dtype of the saved output; defaults to dtype.",
    tokenizer_source: "Where the output tokenizer comes from: union, base, or a model.",
    tokenizer: "Tokenizer block: source, tokens, pad_to_multiple_of.",
    chat_template: "Chat template for the output: a name (chatml, llama3...) or a Jinja string.",
  },
  model: {
    model: "Model reference: org/name, org/name@revision, or a local folder.",
    parameters: "This model's parameters (weight, density...).",
  },
  slice: {
    sources: "Input layer ranges merged into this output slice.",
    base_model: "Base model for this slice (overrides the top-level base_model).",
    parameters: "Parameters for this slice only.",
  },
  source: {
    model: "Model reference: org/name, org/name@revision, or a local folder.",
    layer_range: "[start, end): layers start..end-1 of the model (end exclusive).",
    parameters: "This source's parameters (weight, density...).",
  },
};

/** Markdown docs of one parameter, for hover and completion. */
export function describeParam(p: ParamSpec, scope: "global" | "per-model"): string {
  const bits = [`**${p.name}** (${p.kind}, ${scope})`, p.doc];
  if (p.required) bits.push("Required.");
  else if (p.default !== undefined) bits.push(`Default: \`${String(p.default)}\`.`);
  if (p.min !== undefined || p.max !== undefined) bits.push(`Usual range: ${p.min ?? "-inf"} to ${p.max ?? "inf"}.`);
  return bits.join("  \n");
}

/** Markdown docs of one method: name, base rule, model count, parameters. */
export function describeMethod(m: MethodSpec): string {
  const count = m.models.max === undefined ? `at least ${m.models.min}` : m.models.min === m.models.max ? `exactly ${m.models.min}` : `${m.models.min} to ${m.models.max}`;
  const params = [...m.globalParams.map((p) => p.name), ...m.perModelParams.map((p) => `${p.name} (per model)`)];
  return [
    `**${m.name}** — ${m.pretty}`,
    `base_model: ${m.base}; models: ${count}.`,
    params.length ? `Parameters: ${params.join(", ")}.` : "No parameters.",
    m.reference_url ? `[Paper / docs](${m.reference_url})` : "",
  ].filter(Boolean).join("  \n");
}

/** Every parameter a method takes, with its scope. */
export function methodParams(m: MethodSpec): { spec: ParamSpec; scope: "global" | "per-model" }[] {
  return [
    ...m.globalParams.map((spec) => ({ spec, scope: "global" as const })),
    ...m.perModelParams.map((spec) => ({ spec, scope: "per-model" as const })),
  ];
}

/**
 * Which mapping a key at `indent` on line `lineIndex` belongs to, from the lines above:
 * the nearest less-indented key line decides (parameters:, models:, slices:, sources:).
 */
export function keyContext(lines: readonly string[], lineIndex: number, indent: number): "top" | "model" | "slice" | "source" | "parameters" | "other" {
  if (indent === 0) return "top";
  for (let i = lineIndex - 1; i >= 0; i--) {
    const line = lines[i];
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const ownIndent = line.length - line.trimStart().length;
    const listItem = /^\s*-\s+/.test(line);
    const keyIndent = listItem ? line.indexOf("-") + 2 : ownIndent;
    if (keyIndent === indent && listItem) return itemContext(lines, i, ownIndent);
    if (ownIndent < indent) {
      const key = line.trim().replace(/^-\s+/, "").split(":")[0].trim();
      if (key === "parameters") return "parameters";
      if (key === "models") return "model";
      if (key === "slices") return "slice";
      if (key === "sources") return "source";
      return "other";
    }
  }
  return "other";
}

function itemContext(lines: readonly string[], itemLine: number, dashIndent: number): "model" | "slice" | "source" | "other" {
  for (let i = itemLine - 1; i >= 0; i--) {
    const line = lines[i];
    if (!line.trim()) continue;
    const ownIndent = line.length - line.trimStart().length;
    if (ownIndent < dashIndent || (ownIndent === dashIndent && !/^\s*-/.test(line))) {
      const key = line.trim().replace(/^-\s+/, "").split(":")[0].trim();
      return key === "models" ? "model" : key === "slices" ? "slice" : key === "sources" ? "source" : "other";
    }
  }
  return "other";
}
