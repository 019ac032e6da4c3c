/**
 * The contract of a merge method: its parameters (used by the recipe language for validation,
 * completion and docs) and its plain-TS reference implementation (the oracle for the kernels).
 * One file per method in this folder; registry.ts lists them.
 */

/** The 20 merge_method keys mergekit registers. */
export type MethodName =
  | "linear" | "slerp" | "nuslerp" | "multislerp" | "karcher" | "task_arithmetic" | "ties"
  | "dare_ties" | "dare_linear" | "breadcrumbs" | "breadcrumbs_ties" | "della" | "della_linear"
  | "model_stock" | "sce" | "nearswap" | "arcee_fusion" | "passthrough" | "ram" | "ramplus_tl";

export interface ParamSpec {
  /** YAML key, e.g. "density". */
  name: string;
  kind: "float" | "int" | "bool";
  /** mergekit's default; undefined with required=true means the recipe must give it. */
  default?: number | boolean;
  required: boolean;
  /** Range that makes sense; values outside are warnings (mergekit accepts them), not errors. */
  min?: number;
  max?: number;
  /** One-line description for hover docs and completion. */
  doc: string;
}

export interface MethodSpec {
  name: MethodName;
  /** Human name, e.g. "TIES". */
  pretty: string;
  /** Paper or docs URL. */
  reference_url?: string;
  /** How the method treats base_model. */
  base: "required" | "optional" | "unused";
  /** Extra base-model behaviour worth telling the user (e.g. "a given base_model is averaged in"). */
  baseNote?: string;
  /** Parameters looked up once per tensor (never from a model's own parameters). */
  globalParams: readonly ParamSpec[];
  /** Parameters looked up per input model. */
  perModelParams: readonly ParamSpec[];
  /** Allowed number of non-base input models. */
  models: { min: number; max?: number };
  /** Plain-TS reference merge of one tensor; see MethodInputs. */
  reference(inputs: MethodInputs): Float32Array;
}

/** Everything a method sees for one output tensor: mergekit's per-tensor task. */
export interface MethodInputs {
  /** Row-major f32 data of each non-base model, in recipe order. */
  models: Float32Array[];
  /** Base model tensor, or null. */
  base: Float32Array | null;
  /** Shape shared by every input. */
  shape: readonly number[];
  /** Resolved global parameters (defaults filled in). */
  global: Record<string, number | boolean>;
  /** Resolved per-model parameters, one record per entry of `models`. */
  perModel: Record<string, number>[];
  /** Seed and tensor name key the counter-based PRNG of random methods (DARE, DELLA). */
  seed: number;
  tensorName: string;
}
