/**
 * The output vocabulary of a merge with `tokenizer_source` / `tokenizer.source`, and for each
 * model the permutation new id -> its own id (or -1), as mergekit's build_tokenizer does.
 *
 * One deliberate difference: mergekit walks Python dicts built from Rust hash maps, so the ids it
 * gives tokens added by `union` follow no fixed order. Here they are appended in a fixed order:
 * models in recipe order with the base first, each model's tokens by ascending id, then added
 * (special) tokens in the same order. The set of tokens and every row's content match mergekit.
 */
import {
  type AddedToken,
  type TokenizerJson,
  TokenizerError,
  addedTokensById,
  stripTokenizer,
  tokenizerSize,
  tokenizerVocab,
} from "./tokenizer-json.ts";

/** One model taking part in the tokenizer merge. */
export interface TokenizerModel {
  /** The model reference as written in the recipe. */
  ref: string;
  /** Its tokenizer.json, or null when it has none (then it is assumed to share the base's). */
  tokenizer: TokenizerJson | null;
  /** Rows of its embedding matrix (config vocab_size); null to use the tokenizer's size. */
  vocabSize: number | null;
}

export type TokenizerSource = { kind: "base" } | { kind: "union" } | { kind: "model"; ref: string };

export interface OutputTokenizer {
  /** The output tokenizer.json. */
  tokenizer: TokenizerJson;
  /** Output token -> id. */
  vocab: Map<string, number>;
  /** Per model ref: new id -> that model's row, -1 where it lacks the token. */
  permutations: Map<string, Int32Array>;
  /** Per model ref: its own token -> id (for `model_token` sources given by token text). */
  originalVocabs: Map<string, Map<string, number>>;
}

/**
 * Build the output tokenizer. `models` lists every referenced model (the base included);
 * `baseRef` is the base model, or the first model when the recipe has none.
 */
export function buildOutputTokenizer(opts: {
  baseRef: string;
  models: readonly TokenizerModel[];
  source: TokenizerSource;
  /** Tokens named in the `tokenizer.tokens` block: added when missing. */
  addTokens?: readonly string[];
}): OutputTokenizer {
  const base = opts.models.find((m) => m.ref === opts.baseRef);
  if (!base?.tokenizer) {
    throw new TokenizerError("BAD_TOKEN_CONFIG", `The base model ${opts.baseRef} has no tokenizer.json; a tokenizer merge starts from the base tokenizer. Choose a base model that ships tokenizer.json.`);
  }
  const sizeOf = (m: TokenizerModel) => m.vocabSize ?? tokenizerSize(m.tokenizer ?? base.tokenizer!);
  const strippedBase = stripTokenizer(base.tokenizer, sizeOf(base), `tokenizer of ${base.ref}`);
  // The base enters stripped; models without a tokenizer are assumed to share the base's.
  const tokenizers = new Map<string, TokenizerJson>([[base.ref, strippedBase]]);
  for (const m of opts.models) if (m.ref !== base.ref && m.tokenizer) tokenizers.set(m.ref, m.tokenizer);

  let out: TokenizerJson;
  if (opts.source.kind === "base") out = strippedBase;
  else if (opts.source.kind === "union") out = unionTokenizer(strippedBase, opts.models, tokenizers, sizeOf);
  else {
    const ref = opts.source.ref;
    const donor = opts.models.find((m) => m.ref === ref);
    if (!donor?.tokenizer) throw new TokenizerError("BAD_TOKEN_CONFIG", `tokenizer source ${ref} is not one of the merged models, or has no tokenizer.json.`);
    out = donor.tokenizer;
  }
  out = appendTokens(out, (opts.addTokens ?? []).map((content) => ({ content })));

  const vocab = tokenizerVocab(out);
  const permutations = new Map<string, Int32Array>();
  const size = Math.max(...vocab.values()) + 1;
  for (const m of opts.models) {
    const own = tokenizerVocab(tokenizers.get(m.ref) ?? strippedBase);
    const rows = sizeOf(m);
    const p = new Int32Array(size).fill(-1);
    for (const [tok, id] of vocab) {
      const old = own.get(tok);
      // A token whose id lies past the model's embedding rows is padding space: treat it as absent.
      if (old !== undefined && old < rows) p[id] = old;
    }
    permutations.set(m.ref, p);
  }
  const originalVocabs = new Map([...tokenizers].map(([ref, t]) => [ref, tokenizerVocab(t)]));
  return { tokenizer: out, vocab, permutations, originalVocabs };
}

function unionTokenizer(
  base: TokenizerJson,
  models: readonly TokenizerModel[],
  tokenizers: Map<string, TokenizerJson>,
  sizeOf: (m: TokenizerModel) => number,
): TokenizerJson {
  const ordered = [...tokenizers.keys()];
  const plain: string[] = [];
  const seenPlain = new Set<string>();
  const added = new Map<string, AddedToken>();
  for (const ref of ordered) {
    const tok = tokenizers.get(ref)!;
    const rows = sizeOf(models.find((m) => m.ref === ref)!);
    const addedById = addedTokensById(tok);
    const byId = [...tokenizerVocab(tok)].sort((a, b) => a[1] - b[1]);
    for (const [piece, id] of byId) {
      if (id >= rows || addedById.has(id) || seenPlain.has(piece)) continue;
      seenPlain.add(piece);
      plain.push(piece);
    }
    for (const t of [...addedById.values()].sort((a, b) => a.id - b.id)) {
      // First settings win when two models add the same token differently.
      if (t.id < rows && !added.has(t.content)) added.set(t.content, t);
    }
  }
  const fresh = plain.filter((piece) => !added.has(piece)).map((content) => ({ content }));
  return appendTokens(base, [...fresh, ...added.values()]);
}

/** Append tokens as added tokens with the next free ids, skipping those the vocabulary has. */
function appendTokens(tok: TokenizerJson, tokens: readonly (Partial<AddedToken> & { content: string })[]): TokenizerJson {
  const vocab = tokenizerVocab(tok);
  let next = tokenizerSize(tok);
  const entries: AddedToken[] = [];
  for (const t of tokens) {
    if (vocab.has(t.content)) continue;
    const special = t.special ?? false;
    const entry: AddedToken = {
      id: next++,
      content: t.content,
      single_word: t.single_word ?? false,
      lstrip: t.lstrip ?? false,
      rstrip: t.rstrip ?? false,
      normalized: t.normalized ?? !special,
      special,
    };
    vocab.set(entry.content, entry.id);
    entries.push(entry);
  }
  return entries.length ? { ...tok, added_tokens: [...(tok.added_tokens ?? []), ...entries] } : tok;
}
