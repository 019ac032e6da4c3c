/**
 * The typed Recipe: every field mergekit's MergeConfiguration accepts (mergekit/config.py,
 * tokenizer/config.py, common.py), with the same names and meaning, plus two documented
 * Merge Studio fields (`random_seed`, and `name` from mergekit-multi).
 *
 * Field names stay snake_case on purpose: a Recipe is the YAML, one to one, so a key the user
 * reads in the editor is the key the code reads.
 */

/** A model path with an optional revision: `org/name` or `org/name@rev` (mergekit ModelPath). */
export interface ModelPath {
  /** Hub repo id (`org/name`) or a local folder path. */
  path: string;
  /** Branch, tag or commit sha; absent = default branch (or local). */
  revision?: string;
}

/**
 * A model reference (mergekit ModelReference). YAML forms: `org/name`, `org/name@rev`,
 * `org/base+org/lora`, `org/base@v1+org/lora@main`, or the dict form
 * `{model: {path, revision}, lora: {path, revision}, override_architecture}`.
 * The formatter writes the string form whenever it can say the same thing.
 */
export interface ModelReference {
  model: ModelPath;
  /** LoRA adapter merged into `model` before merging (PEFT merge_and_unload). */
  lora?: ModelPath;
  /** Replaces `architectures` of the model's config.json, e.g. "MistralForCausalLM". */
  override_architecture?: string;
}

/** A gradient (piecewise-linear over the layers of a slice) or a plain number. */
export type ScalarOrGradient = number | number[];

/** One entry of a conditional list: the first entry whose filter is a substring of the tensor name wins. */
export interface ConditionalParameter {
  /** Substring of the tensor name (not a glob or regex); absent or "*" matches every tensor. */
  filter?: string;
  value: ScalarOrGradient | boolean;
}

/**
 * mergekit's ParameterSetting: a number, a bool (mergekit coerces it to 1.0/0.0; kept as bool
 * here so formatting writes it back as written), a gradient list, or a conditional list.
 */
export type ParameterSetting = number | boolean | number[] | ConditionalParameter[];

/** A `parameters:` block: parameter name -> setting, in YAML order. */
export type Parameters = Record<string, ParameterSetting>;

/** `models[]` entry (mergekit InputModelDefinition). */
export interface InputModel {
  model: ModelReference;
  parameters?: Parameters;
}

/** `slices[].sources[]` entry (mergekit InputSliceDefinition); layer_range is [start, end), end exclusive. */
export interface InputSlice {
  model: ModelReference;
  layer_range: [number, number];
  parameters?: Parameters;
}

/** `slices[]` entry (mergekit OutputSliceDefinition). */
export interface OutputSlice {
  sources: InputSlice[];
  /** Overrides the top-level base_model for this slice. */
  base_model?: ModelReference;
  /** Parsed by mergekit but used nowhere; kept so recipes round-trip. */
  residual_weight?: number;
  parameters?: Parameters;
}

/** `modules.<name>` entry (mergekit OutputModuleDefinition): `slices` XOR `models`. */
export interface OutputModule {
  slices?: OutputSlice[];
  models?: InputModel[];
  parameters?: Parameters;
}

/** Where a token's embedding row comes from (mergekit ModelTokenEmbedding / ZeroEmbedding / ModelReference). */
export type TokenSource =
  | { kind: "model_token"; model: ModelReference; token?: string; token_id?: number }
  | { kind: "zero" }
  | { kind: "model"; model: ModelReference };

/** `tokenizer.tokens.<token>` (mergekit TokenEmbeddingConfig). */
export interface TokenConfig {
  source?: TokenSource;
  force?: boolean;
}

/** The `tokenizer` block (mergekit TokenizerConfig); mutually exclusive with `tokenizer_source`. */
export interface TokenizerConfig {
  /** "union" (mergekit's default), "base", or a model whose tokenizer is used. */
  source?: "union" | "base" | ModelReference;
  tokens?: Record<string, TokenConfig>;
  pad_to_multiple_of?: number;
}

/** Dtype names mergekit's dtype_from_name accepts (an optional `torch.` prefix is also accepted). */
export const DTYPES = ["bfloat16", "float16", "float32", "int64"] as const;

/** One merge recipe = one YAML document (mergekit MergeConfiguration). */
export interface Recipe {
  /** Registry key, e.g. "ties" (see src/core/methods/registry.ts). Kept as written. */
  merge_method: string;
  base_model?: ModelReference;
  /** Exactly one of models / slices / modules is present (mergekit rejects anything else). */
  models?: InputModel[];
  slices?: OutputSlice[];
  modules?: Record<string, OutputModule>;
  parameters?: Parameters;
  /** Load + compute dtype, as written (e.g. "bfloat16" or "torch.bfloat16"). */
  dtype?: string;
  /** Dtype the output is cast to before saving. */
  out_dtype?: string;
  /** Legacy tokenizer choice: "union", "base" or a model. */
  tokenizer_source?: "union" | "base" | ModelReference;
  tokenizer?: TokenizerConfig;
  /** "auto", a built-in name (alpaca, chatml, exaone, llama3, mistral), or a literal Jinja template. */
  chat_template?: string;
  /**
   * Merge Studio extension (mergekit has no YAML field; its CLI has `--random-seed`): the seed
   * of the counter-based PRNG used by DARE / DELLA, so a shared recipe reproduces bit-exactly.
   * mergekit ignores unknown top-level keys, so recipes carrying it still load there.
   */
  random_seed?: number;
  /** mergekit-multi: the name other documents of the same file use to refer to this merge's output. */
  name?: string;
}

/** A path into the recipe YAML, e.g. ["models", 0, "parameters", "weight"]. */
export type RecipePath = readonly (string | number)[];

/** One problem found in recipe text; positions are 1-based, end exclusive-ish (column after the last char). */
export interface Diagnostic {
  severity: "error" | "warning";
  /** Kebab-case code, e.g. "unknown-parameter"; warnings can be silenced by code. */
  code: string;
  /** What is wrong, where, and how to fix it. */
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Path of the offending node in the YAML (empty = whole document). */
  path: RecipePath;
}
