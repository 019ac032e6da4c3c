/** The tokenizer files and config.json edits written when a merge builds its own tokenizer. */
import type { OutputTokenizer } from "./build-output-tokenizer.ts";

type Json = Record<string, unknown>;

/**
 * tokenizer.json and tokenizer_config.json for the output: the donor's tokenizer_config.json with
 * added_tokens_decoder rebuilt from the output's added tokens and the chat template applied.
 */
export function outputTokenizerFiles(opts: { output: OutputTokenizer; donorTokenizerConfig: Json | null; chatTemplate: string | null }): Record<string, string> {
  const config: Json = { ...(opts.donorTokenizerConfig ?? {}) };
  const decoder: Record<string, Json> = {};
  for (const t of opts.output.tokenizer.added_tokens ?? []) {
    decoder[String(t.id)] = {
      content: t.content,
      lstrip: t.lstrip ?? false,
      normalized: t.normalized ?? false,
      rstrip: t.rstrip ?? false,
      single_word: t.single_word ?? false,
      special: t.special ?? false,
    };
  }
  config.added_tokens_decoder = decoder;
  if (opts.chatTemplate !== null) config.chat_template = opts.chatTemplate;
  return {
    "tokenizer.json": JSON.stringify(opts.output.tokenizer, null, 2),
    "tokenizer_config.json": JSON.stringify(config, null, 2),
  };
}

/** Apply a chat template to a copied tokenizer_config.json (no tokenizer merge). */
export function withChatTemplate(tokenizerConfigText: string, chatTemplate: string): string {
  const config = JSON.parse(tokenizerConfigText) as Json;
  config.chat_template = chatTemplate;
  return JSON.stringify(config, null, 2);
}

/** config.json with the vocabulary size key set to the output's embedding rows. */
export function withVocabSize(config: Json, rows: number, key = "vocab_size"): Json {
  const out: Json = { ...config, [key]: rows };
  // Multimodal configs nest the language model's settings.
  if (config.text_config && typeof config.text_config === "object" && key in (config.text_config as Json)) {
    out.text_config = { ...(config.text_config as Json), [key]: rows };
  }
  return out;
}
