/**
 * The tokenizer part of a merge plan, as plain JSON: the output tokenizer files and, per model,
 * where each output embedding row comes from. The planner calls this when the recipe sets
 * `tokenizer_source` or `tokenizer`; the engine applies `remap` to every is_embed tensor
 * (embed_tokens, lm_head) before the merge method runs.
 */
import { buildOutputTokenizer, type TokenizerSource } from "./build-output-tokenizer.ts";
import { resolveChatTemplate } from "./chat-template.ts";
import { planEmbeddingRemap, type DefaultRow, type EmbeddingRemap, type TokenEmbeddingConfig } from "./embedding-remap.ts";
import { outputTokenizerFiles } from "./output-files.ts";
import { parseTokenizerJson } from "./tokenizer-json.ts";

/** A model as the planner knows it: its files' text where present. */
export interface TokenizerPlanModel {
  ref: string;
  /** tokenizer.json text, or null when the model has none. */
  tokenizerJson: string | null;
  /** tokenizer_config.json text, or null. */
  tokenizerConfig: string | null;
  /** Embedding rows (config vocab_size), or null if unknown. */
  vocabSize: number | null;
}

/** JSON form of an EmbeddingRemap; model numbers index `models` of the merge plan. */
export interface TokenizerPlan {
  /** Output vocabulary size (real rows). */
  vocabRows: number;
  /** Output embedding rows, padding included: the new vocab_size. */
  rows: number;
  defaults: DefaultRow[];
  /** Per plan model index: row sources (>= 0 own row, -1 - k = defaults[k]). */
  sources: Record<number, number[]>;
  /** Output tokenizer files (name -> text). */
  files: Record<string, string>;
  /** Tokens in the output vocabulary that some model lacks (for the pre-flight report). */
  missing: { model: number; count: number; examples: string[] }[];
}

export function planTokenizer(opts: {
  models: readonly TokenizerPlanModel[];
  /** Index into models of the base model (the first model when the recipe has none). */
  baseIndex: number;
  /** Index of the model whose tokenizer_config.json the output starts from. */
  donorIndex: number;
  hasBaseModel: boolean;
  source: TokenizerSource;
  tokens?: Readonly<Record<string, TokenEmbeddingConfig>>;
  padToMultipleOf?: number | null;
  chatTemplate?: string | null;
}): TokenizerPlan {
  const parsed = opts.models.map((m) => ({
    ref: m.ref,
    tokenizer: m.tokenizerJson === null ? null : parseTokenizerJson(m.tokenizerJson, `tokenizer.json of ${m.ref}`),
    vocabSize: m.vocabSize,
  }));
  const refs = opts.models.map((m) => m.ref);
  const output = buildOutputTokenizer({
    baseRef: refs[opts.baseIndex],
    models: parsed,
    source: opts.source,
    addTokens: Object.keys(opts.tokens ?? {}),
  });
  const remap = planEmbeddingRemap({
    output,
    models: refs,
    baseRef: opts.hasBaseModel ? refs[opts.baseIndex] : null,
    tokens: opts.tokens,
    padToMultipleOf: opts.padToMultipleOf,
  });
  const templates = opts.models.map((m) => {
    if (!m.tokenizerConfig) return null;
    const t = (JSON.parse(m.tokenizerConfig) as { chat_template?: unknown }).chat_template;
    return typeof t === "string" ? t : null;
  });
  const donorConfigText = opts.models[opts.donorIndex]?.tokenizerConfig;
  const files = outputTokenizerFiles({
    output,
    donorTokenizerConfig: donorConfigText ? (JSON.parse(donorConfigText) as Record<string, unknown>) : null,
    chatTemplate: resolveChatTemplate(opts.chatTemplate, templates),
  });
  const byId = [...output.vocab].sort((a, b) => a[1] - b[1]).map(([t]) => t);
  const missing = refs.map((_, model) => {
    const p = output.permutations.get(refs[model])!;
    const absent = byId.filter((_, id) => p[id] < 0);
    return { model, count: absent.length, examples: absent.slice(0, 5) };
  });
  return {
    vocabRows: remap.vocabRows,
    rows: remap.rows,
    defaults: remap.defaults,
    sources: Object.fromEntries(remap.sources.map((s, i) => [i, Array.from(s)])),
    files,
    missing: missing.filter((m) => m.count > 0),
  };
}

/** The EmbeddingRemap of a TokenizerPlan, for applyEmbeddingRemap; `models` are plan model indices. */
export function remapFromPlan(plan: TokenizerPlan, modelCount: number): EmbeddingRemap {
  const sources = Array.from({ length: modelCount }, (_, i) => Int32Array.from(plan.sources[i] ?? []));
  return { rows: plan.rows, vocabRows: plan.vocabRows, models: sources.map((_, i) => String(i)), defaults: plan.defaults, sources };
}
