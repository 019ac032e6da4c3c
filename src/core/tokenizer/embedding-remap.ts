/**
 * How each model's embedding matrix (embed_tokens and lm_head) is rebuilt onto the output
 * vocabulary before the merge method runs — mergekit's PermutedEmbeddings:
 *  - a token the model has (and that is not `force`d) keeps the model's own row;
 *  - otherwise it gets a default row: the token's explicit config; else, if exactly one model has
 *    it, that model's row; if none has it, zeros; if the base has it, the base's row; else the
 *    mean of the rows of the models that have it;
 *  - padding rows (pad_to_multiple_of) are the mean of the model's real rows.
 * The remap is data (row sources), so the engine can materialise it tile by tile.
 */
import { TokenizerError } from "./tokenizer-json.ts";
import type { OutputTokenizer } from "./build-output-tokenizer.ts";

/** Where a token's default embedding comes from (recipe `tokenizer.tokens.<tok>.source`). */
export type TokenEmbeddingSource =
  | { kind: "model"; ref: string }
  | { kind: "model_token"; ref: string; tokenId?: number; token?: string }
  | { kind: "zero" };

export interface TokenEmbeddingConfig {
  source?: TokenEmbeddingSource;
  /** Use the default row even in models that have the token. */
  force?: boolean;
}

/** A row of some model's original embedding matrix. */
export interface RowRef {
  model: number;
  row: number;
}

/** A default row: zeros, one model's row, or the mean of several. */
export type DefaultRow = { kind: "zero" } | { kind: "row"; from: RowRef } | { kind: "mean"; from: RowRef[] };

export interface EmbeddingRemap {
  /** Output rows, including padding. */
  rows: number;
  /** Real (non-padding) output rows = vocabulary size. */
  vocabRows: number;
  /** Model refs, in the order `sources` is indexed. */
  models: string[];
  /** Shared default rows. */
  defaults: DefaultRow[];
  /**
   * Per model, per real output row: >= 0 is the model's own row; -1 - k is defaults[k].
   * Rows from vocabRows to rows are padding: the mean of the model's real output rows.
   */
  sources: Int32Array[];
}

/** Plan the remap. `models` are the refs of the models whose embeddings enter the merge. */
export function planEmbeddingRemap(opts: {
  output: OutputTokenizer;
  models: readonly string[];
  baseRef: string | null;
  tokens?: Readonly<Record<string, TokenEmbeddingConfig>>;
  padToMultipleOf?: number | null;
}): EmbeddingRemap {
  const { output, models } = opts;
  const vocabRows = output.vocab.size;
  const pad = opts.padToMultipleOf ?? 0;
  const rows = pad > 0 && vocabRows % pad ? (Math.floor(vocabRows / pad) + 1) * pad : vocabRows;
  const perms = models.map((ref) => {
    const p = output.permutations.get(ref);
    if (!p) throw new TokenizerError("BAD_TOKEN_CONFIG", `Model ${ref} is not part of the tokenizer merge.`);
    return p;
  });
  const modelIndex = (ref: string, token: string) => {
    const i = models.indexOf(ref);
    if (i < 0) throw new TokenizerError("BAD_TOKEN_CONFIG", `tokenizer.tokens[${JSON.stringify(token)}]: model ${ref} is not one of the merged models.`);
    return i;
  };
  const baseIndex = opts.baseRef === null ? -1 : models.indexOf(opts.baseRef);

  const defaults: DefaultRow[] = [];
  const defaultOf = new Map<number, number>();
  const forced = new Set<number>();
  for (const [token, id] of output.vocab) {
    const cfg = opts.tokens?.[token];
    let row: DefaultRow;
    if (cfg) {
      if (cfg.force) forced.add(id);
      row = explicitDefault(token, id, cfg, perms, output, models, modelIndex);
    } else {
      const present = perms.map((p, m) => (p[id] >= 0 ? m : -1)).filter((m) => m >= 0);
      if (present.length === 1) row = { kind: "row", from: { model: present[0], row: perms[present[0]][id] } };
      else if (present.length === 0) row = { kind: "zero" };
      else if (baseIndex >= 0 && perms[baseIndex][id] >= 0) row = { kind: "row", from: { model: baseIndex, row: perms[baseIndex][id] } };
      else row = { kind: "mean", from: present.map((m) => ({ model: m, row: perms[m][id] })) };
    }
    defaultOf.set(id, defaults.push(row) - 1);
  }
  const sources = perms.map((p) => {
    const s = new Int32Array(vocabRows);
    for (let id = 0; id < vocabRows; id++) {
      s[id] = p[id] >= 0 && !forced.has(id) ? p[id] : -1 - (defaultOf.get(id) ?? 0);
    }
    return s;
  });
  return { rows, vocabRows, models: [...models], defaults, sources };
}

function explicitDefault(
  token: string,
  id: number,
  cfg: TokenEmbeddingConfig,
  perms: Int32Array[],
  output: OutputTokenizer,
  models: readonly string[],
  modelIndex: (ref: string, token: string) => number,
): DefaultRow {
  const where = `tokenizer.tokens[${JSON.stringify(token)}]`;
  const src = cfg.source;
  if (!src) throw new TokenizerError("BAD_TOKEN_CONFIG", `${where}: give a source (a model, {kind: model_token, ...} or {kind: zero}).`);
  if (src.kind === "zero") return { kind: "zero" };
  const m = modelIndex(src.ref, token);
  if (src.kind === "model") {
    const row = perms[m][id];
    if (row < 0) throw new TokenizerError("BAD_TOKEN_CONFIG", `${where}: model ${src.ref} does not have this token; pick a model that has it, or use {kind: model_token, token: ...}.`);
    return { kind: "row", from: { model: m, row } };
  }
  if ((src.tokenId === undefined) === (src.token === undefined)) {
    throw new TokenizerError("BAD_TOKEN_CONFIG", `${where}: model_token needs exactly one of token or token_id.`);
  }
  let row = src.tokenId;
  if (row === undefined) {
    row = output.originalVocabs.get(models[m])?.get(src.token!);
    if (row === undefined) throw new TokenizerError("BAD_TOKEN_CONFIG", `${where}: token ${JSON.stringify(src.token)} not found in the tokenizer of ${src.ref}.`);
  }
  if (row < 0) throw new TokenizerError("BAD_TOKEN_CONFIG", `${where}: token_id ${row} is negative.`);
  return { kind: "row", from: { model: m, row } };
}

/**
 * Build model `model`'s remapped matrix [remap.rows, hidden] from the original matrices
 * (`matrices[i]` is model i's [rows_i, hidden], row-major). Used for whole tensors; the engine
 * may call it per model on tiles of the vocabulary through the same row sources.
 */
export function applyEmbeddingRemap(remap: EmbeddingRemap, model: number, matrices: readonly Float32Array[], hidden: number): Float32Array {
  const out = new Float32Array(remap.rows * hidden);
  const rowOf = (ref: RowRef) => {
    const m = matrices[ref.model];
    if ((ref.row + 1) * hidden > m.length) {
      throw new TokenizerError("BAD_TOKEN_CONFIG", `Row ${ref.row} is out of range for the embeddings of ${remap.models[ref.model]} (${m.length / hidden} rows).`);
    }
    return m.subarray(ref.row * hidden, (ref.row + 1) * hidden);
  };
  const src = remap.sources[model];
  for (let id = 0; id < remap.vocabRows; id++) {
    const dst = out.subarray(id * hidden, (id + 1) * hidden);
    const s = src[id];
    if (s >= 0) {
      dst.set(rowOf({ model, row: s }));
      continue;
    }
    const d = remap.defaults[-1 - s];
    if (d.kind === "row") dst.set(rowOf(d.from));
    else if (d.kind === "mean") {
      for (const ref of d.from) {
        const r = rowOf(ref);
        for (let j = 0; j < hidden; j++) dst[j] += r[j];
      }
      for (let j = 0; j < hidden; j++) dst[j] /= d.from.length;
    }
  }
  if (remap.rows > remap.vocabRows) {
    const mean = new Float64Array(hidden);
    for (let id = 0; id < remap.vocabRows; id++) for (let j = 0; j < hidden; j++) mean[j] += out[id * hidden + j];
    for (let j = 0; j < hidden; j++) mean[j] /= remap.vocabRows;
    for (let id = remap.vocabRows; id < remap.rows; id++) for (let j = 0; j < hidden; j++) out[id * hidden + j] = mean[j];
  }
  return out;
}
