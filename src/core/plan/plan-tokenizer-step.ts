/**
 * The tokenizer step of planMerge (mergekit §2.6, §2.7, §3.6, §4.3): with `tokenizer_source` or
 * a `tokenizer:` block, build the output vocabulary and every model's embedding row sources
 * (planTokenizer); with only `chat_template`, rewrite the donor's tokenizer_config.json. Also
 * reports what the tokenizer setting does to vocabularies that differ.
 */
import { modelKey } from "../recipe/model-ref";
import type { ModelReference, Recipe, TokenConfig } from "../recipe/types";
import { planTokenizer, resolveChatTemplate, withChatTemplate, type TokenEmbeddingConfig, type TokenizerPlan, type TokenizerSource } from "../tokenizer/index.ts";
import type { ProblemList } from "./problems";
import type { PlanTokenizerFiles } from "./read-tokenizer-files";
import type { JsonObject, PlannedCopy } from "./types";

/**
 * Files replaced by the merged tokenizer: not copied from the donor when a tokenizer is built
 * (the slow-tokenizer files would disagree with the new vocabulary). special_tokens_map.json is
 * still copied: the output keeps the donor's special tokens.
 */
const REPLACED_BY_TOKENIZER = ["tokenizer.json", "tokenizer_config.json", "tokenizer.model", "added_tokens.json", "merges.txt", "vocab.json"];

/** One model as the tokenizer step sees it. */
export interface TokenizerStepModel {
  key: string;
  name: string;
  config: JsonObject;
  /** Tokenizer files read by loadPlanModels; undefined when they were not read. */
  tokenizer?: PlanTokenizerFiles;
}

/** What the step adds to the plan. */
export interface TokenizerStepResult {
  /** The merged tokenizer, or null without a tokenizer setting (or when it failed). */
  tokenizer: TokenizerPlan | null;
  /** Files written instead of copied (chat_template applied to the donor's tokenizer_config.json). */
  generatedFiles: Record<string, string> | null;
  /** Bytes of tokenizer files read while planning. */
  bytesRead: number;
}

/** Run the step; bad tokenizer settings become problems, never exceptions. */
export function planTokenizerStep(opts: {
  recipe: Recipe;
  models: readonly TokenizerStepModel[];
  baseModelIndex: number | null;
  donorIndex: number;
  vocabKey: string;
}, problems: ProblemList): TokenizerStepResult {
  const { recipe, models } = opts;
  const bytesRead = models.reduce((s, m) => s + (m.tokenizer?.bytesRead ?? 0), 0);
  const setting = recipe.tokenizer !== undefined ? "tokenizer" : recipe.tokenizer_source !== undefined ? "tokenizer_source" : null;
  const sizes = models.map((m) => m.config[opts.vocabKey]);
  if (setting === null) {
    const generatedFiles = chatTemplateOnly(opts, problems);
    return { tokenizer: null, generatedFiles, bytesRead };
  }
  if (models.some((m) => m.tokenizer === undefined)) {
    problems.add("error", "tokenizer-not-read", "the recipe sets a tokenizer but the models' tokenizer files were not read", "plan through loadPlanModels/preflightRecipe, which read tokenizer.json when the recipe needs it", { path: [setting] });
    return { tokenizer: null, generatedFiles: null, bytesRead };
  }
  models.forEach((m, i) => {
    if (m.tokenizer?.json === null) {
      problems.add("warning", "no-tokenizer-json", `model '${m.name}' has no tokenizer.json; it counts as having no tokens, so its embedding rows are not used for the output vocabulary`,
        "use a model that ships tokenizer.json (the fast tokenizer), or drop the tokenizer setting", { modelIndex: i, path: [setting] });
    }
  });
  const refOf = (ref: ModelReference): string => modelKey(ref);
  const raw = recipe.tokenizer?.source ?? recipe.tokenizer_source ?? "union";
  const source: TokenizerSource = raw === "union" ? { kind: "union" } : raw === "base" ? { kind: "base" } : { kind: "model", ref: refOf(raw) };
  const baseIndex = opts.baseModelIndex ?? 0;
  let plan: TokenizerPlan;
  try {
    plan = planTokenizer({
      models: models.map((m) => ({ ref: m.key, tokenizerJson: m.tokenizer?.json ?? null, tokenizerConfig: m.tokenizer?.config ?? null, vocabSize: typeof m.config[opts.vocabKey] === "number" ? (m.config[opts.vocabKey] as number) : null })),
      baseIndex, donorIndex: opts.donorIndex, hasBaseModel: opts.baseModelIndex !== null, source,
      tokens: tokenConfigs(recipe.tokenizer?.tokens),
      padToMultipleOf: recipe.tokenizer?.pad_to_multiple_of ?? null,
      chatTemplate: recipe.chat_template ?? null,
    });
  } catch (err) {
    problems.add("error", "tokenizer-plan-failed", `cannot build the output tokenizer: ${(err as Error).message}`, "fix the tokenizer setting (source, tokens) or the models' tokenizer.json", { path: [setting] });
    return { tokenizer: null, generatedFiles: null, bytesRead };
  }
  const described = raw === "union" ? "the union of all vocabularies" : raw === "base" ? "the base model's vocabulary" : `the vocabulary of '${refOf(raw)}'`;
  problems.add("info", "tokenizer-merged", `output vocabulary: ${plan.vocabRows} tokens from ${described}${plan.rows > plan.vocabRows ? `, padded to ${plan.rows} rows` : ""}; embed_tokens/lm_head get ${plan.rows} rows and config.json ${opts.vocabKey} = ${plan.rows} (input sizes: ${models.map((m, i) => `${m.name}: ${String(sizes[i])}`).join(", ")})`,
    "nothing to do; the output tokenizer.json and tokenizer_config.json are built from this vocabulary", { path: [setting] });
  for (const miss of plan.missing) {
    problems.add("info", "tokens-missing", `model '${models[miss.model]?.name ?? "?"}' lacks ${miss.count} token(s) of the output vocabulary (e.g. ${miss.examples.map((e) => JSON.stringify(e)).join(", ")}); their rows come from the only model that has them, else the base model, else the mean of the models that have them (mergekit)`,
      "to choose a row yourself, add the token under `tokenizer.tokens` with a `source`", { modelIndex: miss.model, path: [setting] });
  }
  return { tokenizer: plan, generatedFiles: null, bytesRead };
}

/** Vocab-size differences without a tokenizer setting: say what mergekit does and how to keep the tokens. */
export function reportVocabWithoutTokenizer(names: readonly string[], sizes: readonly unknown[], problems: ProblemList): void {
  const numbers = sizes.filter((s): s is number => typeof s === "number");
  if (new Set(numbers).size < 2) return;
  problems.add("warning", "vocab-mismatch", `models have different vocabularies (${names.map((n, i) => `${n}: ${String(sizes[i])}`).join(" vs ")}); without tokenizer_source the embeddings are cropped to ${Math.min(...numbers)} rows like mergekit and tokens past them are lost`,
    "set `tokenizer_source: union` to keep every model's added tokens (or `base` to keep the base model's vocabulary)", { path: ["merge_method"] });
}

/** config.json and copies once a tokenizer is built: vocab size = rows, tokenizer files not copied. */
export function applyTokenizerToOutput(config: JsonObject, copies: readonly PlannedCopy[], step: TokenizerStepResult, vocabKey: string): { config: JsonObject; copies: PlannedCopy[] } {
  if (step.tokenizer) {
    const out: JsonObject = { ...config, [vocabKey]: step.tokenizer.rows };
    const text = config["text_config"];
    if (text && typeof text === "object" && !Array.isArray(text) && vocabKey in text) out["text_config"] = { ...text, [vocabKey]: step.tokenizer.rows };
    const templated = chatTemplateIn(step.tokenizer.files["tokenizer_config.json"]);
    return { config: out, copies: copies.filter((c) => !REPLACED_BY_TOKENIZER.includes(c.path) && !(templated && TEMPLATE_FILES.includes(c.path))) };
  }
  if (step.generatedFiles) {
    const generated = step.generatedFiles;
    return { config, copies: copies.filter((c) => !(c.path in generated) && !TEMPLATE_FILES.includes(c.path)) };
  }
  return { config, copies: [...copies] };
}

function chatTemplateOnly(opts: { recipe: Recipe; models: readonly TokenizerStepModel[]; donorIndex: number }, problems: ProblemList): Record<string, string> | null {
  const setting = opts.recipe.chat_template;
  if (setting === undefined) return null;
  const donor = opts.models[opts.donorIndex];
  const text = donor?.tokenizer?.config ?? null;
  if (text === null) {
    problems.add("warning", "chat-template-not-applied", `chat_template is set but the donor model '${donor?.name ?? "?"}' has no tokenizer_config.json to write it into`, "use a base model that ships tokenizer_config.json, or remove chat_template", { path: ["chat_template"] });
    return null;
  }
  const template = resolveChatTemplate(setting, opts.models.map((m) => templateOf(m.tokenizer?.config ?? null)));
  if (template === null) {
    problems.add("warning", "chat-template-not-applied", `chat_template: ${setting} found no template (no model has one); the donor's tokenizer_config.json is copied unchanged`, "name a template (chatml, llama3, mistral, alpaca, exaone) or give a Jinja string", { path: ["chat_template"] });
    return null;
  }
  try {
    return { "tokenizer_config.json": withChatTemplate(text, template) };
  } catch (err) {
    problems.add("error", "bad-tokenizer-config", `tokenizer_config.json of '${donor?.name ?? "?"}' is not valid JSON (${(err as Error).message})`, "fix the donor's tokenizer_config.json or remove chat_template", { path: ["chat_template"] });
    return null;
  }
}

/** Standalone template files: transformers prefers them to tokenizer_config.json, so a recipe's template drops them. */
const TEMPLATE_FILES = ["chat_template.jinja", "chat_template.json"];

function chatTemplateIn(configText: string | undefined): boolean {
  return configText !== undefined && templateOf(configText) !== null;
}

function templateOf(configText: string | null): string | null {
  if (configText === null) return null;
  try {
    const t = (JSON.parse(configText) as { chat_template?: unknown }).chat_template;
    return typeof t === "string" ? t : null;
  } catch {
    return null;
  }
}

function tokenConfigs(tokens: Record<string, TokenConfig> | undefined): Record<string, TokenEmbeddingConfig> | undefined {
  if (!tokens) return undefined;
  return Object.fromEntries(Object.entries(tokens).map(([tok, cfg]) => {
    const s = cfg.source;
    const source: TokenEmbeddingConfig["source"] = s === undefined ? undefined
      : s.kind === "zero" ? { kind: "zero" }
      : s.kind === "model" ? { kind: "model", ref: modelKey(s.model) }
      : { kind: "model_token", ref: modelKey(s.model), ...(s.token !== undefined ? { token: s.token } : {}), ...(s.token_id !== undefined ? { tokenId: s.token_id } : {}) };
    return [tok, { ...(source ? { source } : {}), ...(cfg.force !== undefined ? { force: cfg.force } : {}) }];
  }));
}
