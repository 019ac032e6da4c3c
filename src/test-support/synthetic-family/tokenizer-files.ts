/**
 * Minimal but valid tokenizer files for a vocabulary of `vocab` ids (a WordLevel tokenizer:
 * <unk>, <s>, </s>, then t3, t4, ...), enough for tools that copy or inspect them.
 */
export function tokenizerFiles(vocab: number): Record<string, unknown> {
  const names = Array.from({ length: vocab }, (_, i) => (i === 0 ? "<unk>" : i === 1 ? "<s>" : i === 2 ? "</s>" : `t${i}`));
  const special = (id: number) => ({ id, content: names[id], single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    "tokenizer.json": {
      version: "1.0",
      truncation: null,
      padding: null,
      added_tokens: [0, 1, 2].filter((i) => i < vocab).map(special),
      normalizer: null,
      pre_tokenizer: { type: "Whitespace" },
      post_processor: null,
      decoder: null,
      model: { type: "WordLevel", vocab: Object.fromEntries(names.map((n, i) => [n, i])), unk_token: "<unk>" },
    },
    "tokenizer_config.json": {
      add_bos_token: true,
      add_eos_token: false,
      bos_token: "<s>",
      eos_token: "</s>",
      unk_token: "<unk>",
      clean_up_tokenization_spaces: false,
      model_max_length: 2048,
      tokenizer_class: "PreTrainedTokenizerFast",
    },
    "special_tokens_map.json": { bos_token: "<s>", eos_token: "</s>", unk_token: "<unk>" },
    "generation_config.json": { _from_model_config: true, bos_token_id: 1, eos_token_id: 2, transformers_version: "4.44.2" },
  };
}
