/**
 * A view of a Hugging Face `tokenizer.json` (the `tokenizers` library format): the token -> id
 * vocabulary including added tokens, which is all a merge needs to line up embedding rows.
 */

/** An entry of `added_tokens` in tokenizer.json. */
export interface AddedToken {
  id: number;
  content: string;
  single_word?: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
  special?: boolean;
}

/** The parts of tokenizer.json we read and write; everything else is carried through untouched. */
export interface TokenizerJson {
  added_tokens?: AddedToken[];
  model: {
    type?: string;
    vocab?: Record<string, number> | [string, number][];
    merges?: (string | [string, string])[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export class TokenizerError extends Error {
  override readonly name = "TokenizerError";
  constructor(
    readonly code: "BAD_TOKENIZER_JSON" | "UNSUPPORTED_TOKENIZER" | "BAD_TOKEN_CONFIG",
    message: string,
  ) {
    super(message);
  }
}

/** Parse and sanity-check tokenizer.json text. `where` names the file in error messages. */
export function parseTokenizerJson(text: string, where: string): TokenizerJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new TokenizerError("BAD_TOKENIZER_JSON", `${where}: not valid JSON (${(e as Error).message}).`);
  }
  const obj = value as TokenizerJson;
  if (!obj || typeof obj !== "object" || !obj.model || typeof obj.model !== "object") {
    throw new TokenizerError("BAD_TOKENIZER_JSON", `${where}: no "model" object; is this a tokenizers-format tokenizer.json?`);
  }
  if (obj.added_tokens !== undefined && !Array.isArray(obj.added_tokens)) {
    throw new TokenizerError("BAD_TOKENIZER_JSON", `${where}: "added_tokens" must be a list.`);
  }
  return obj;
}

/** token -> id over the model vocabulary and the added tokens (an added token wins a clash). */
export function tokenizerVocab(tok: TokenizerJson): Map<string, number> {
  const vocab = new Map<string, number>();
  const v = tok.model.vocab;
  if (Array.isArray(v)) {
    // Unigram: a list of [piece, score]; the id is the position.
    v.forEach(([piece], id) => vocab.set(piece, id));
  } else if (v) {
    for (const [piece, id] of Object.entries(v)) vocab.set(piece, id);
  }
  for (const added of tok.added_tokens ?? []) vocab.set(added.content, added.id);
  return vocab;
}

/** id -> added token. */
export function addedTokensById(tok: TokenizerJson): Map<number, AddedToken> {
  return new Map((tok.added_tokens ?? []).map((t) => [t.id, t]));
}

/** Number of ids the tokenizer uses (max id + 1). */
export function tokenizerSize(tok: TokenizerJson): number {
  let max = -1;
  for (const id of tokenizerVocab(tok).values()) max = Math.max(max, id);
  return max + 1;
}

/**
 * Drop tokens whose id is >= vocabSize (ids the model has no embedding row for), like mergekit's
 * get_stripped_tokenizer. Only BPE vocabularies can be stripped; merges using a dropped token go too.
 */
export function stripTokenizer(tok: TokenizerJson, vocabSize: number, where: string): TokenizerJson {
  const vocab = tokenizerVocab(tok);
  const unused = new Set([...vocab].filter(([, id]) => id >= vocabSize).map(([t]) => t));
  if (unused.size === 0) return tok;
  if (tok.model.type !== "BPE" || Array.isArray(tok.model.vocab)) {
    throw new TokenizerError(
      "UNSUPPORTED_TOKENIZER",
      `${where}: has ${unused.size} token(s) with ids >= vocab_size ${vocabSize}, and its tokenizer type is ${tok.model.type ?? "unknown"}; only BPE tokenizers can be trimmed for a tokenizer merge.`,
    );
  }
  const modelVocab: Record<string, number> = {};
  for (const [piece, id] of Object.entries(tok.model.vocab ?? {})) if (!unused.has(piece)) modelVocab[piece] = id;
  const merges = (tok.model.merges ?? []).filter((m) => {
    const parts = Array.isArray(m) ? m : m.split(" ");
    return !parts.some((p) => unused.has(p));
  });
  return {
    ...tok,
    added_tokens: (tok.added_tokens ?? []).filter((t) => t.id < vocabSize),
    model: { ...tok.model, vocab: modelVocab, ...(tok.model.merges ? { merges } : {}) },
  };
}
