import type { ArchitectureDef } from "./types";

const EMBED = "model.embed_tokens.weight";
const LM_HEAD = "lm_head.weight";

/** The Llama naming shared by most decoders (Llama, Mistral, Qwen2/3, Gemma 1-3 text, Phi-3, Mixtral...). */
function llamaLike(id: string, architectures: string[], post: string[] = ["model.norm.weight", LM_HEAD]): ArchitectureDef {
  return {
    id,
    architectures,
    layerPrefix: "model.layers.",
    numLayersKey: "num_hidden_layers",
    preWeights: [EMBED],
    postWeights: post,
    embedWeights: [EMBED, LM_HEAD],
    tied: { [LM_HEAD]: EMBED },
    vocabSizeKey: "vocab_size",
  };
}

/**
 * Architectures with explicit definitions (mergekit-semantics §3.2). Names of per-layer tensors
 * come from the checkpoints themselves; these tables fix the layer prefix, pre/post weights,
 * embeddings and the layer-count key. Anything else goes through inferArchitecture.
 */
export const ARCHITECTURES: readonly ArchitectureDef[] = [
  llamaLike("llama", ["LlamaForCausalLM", "LLaMAForCausalLM"]),
  llamaLike("mistral", ["MistralForCausalLM"]),
  llamaLike("mixtral", ["MixtralForCausalLM"]),
  llamaLike("qwen2", ["Qwen2ForCausalLM"]),
  llamaLike("qwen3", ["Qwen3ForCausalLM"]),
  llamaLike("qwen3_moe", ["Qwen3MoeForCausalLM"]),
  llamaLike("gemma", ["GemmaForCausalLM"]),
  llamaLike("gemma2", ["Gemma2ForCausalLM"]),
  llamaLike("gemma3", ["Gemma3ForCausalLM"]),
  llamaLike("phi3", ["Phi3ForCausalLM"]),
  llamaLike("granite", ["GraniteForCausalLM"]),
  llamaLike("olmo2", ["Olmo2ForCausalLM"]),
  llamaLike("stablelm", ["StableLmForCausalLM"], ["model.norm.weight", "model.norm.bias", LM_HEAD]),
  llamaLike("starcoder2", ["Starcoder2ForCausalLM"], ["model.norm.weight", "model.norm.bias", LM_HEAD]),
  {
    id: "gpt-neox",
    architectures: ["GPTNeoXForCausalLM"],
    layerPrefix: "gpt_neox.layers.",
    numLayersKey: "num_hidden_layers",
    preWeights: ["gpt_neox.embed_in.weight"],
    postWeights: ["gpt_neox.final_layer_norm.weight", "gpt_neox.final_layer_norm.bias", "embed_out.weight"],
    embedWeights: ["gpt_neox.embed_in.weight", "embed_out.weight"],
    tied: {},
    vocabSizeKey: "vocab_size",
  },
  {
    id: "gpt2",
    architectures: ["GPT2LMHeadModel"],
    layerPrefix: "transformer.h.",
    numLayersKey: "n_layer",
    preWeights: ["transformer.wte.weight", "transformer.wpe.weight"],
    postWeights: ["transformer.ln_f.weight", "transformer.ln_f.bias", LM_HEAD],
    embedWeights: ["transformer.wte.weight", LM_HEAD],
    tied: { [LM_HEAD]: "transformer.wte.weight" },
    vocabSizeKey: "vocab_size",
  },
];

/** Per-layer tensors mergekit's definitions leave out (buffers, not weights). */
export const IGNORED_SUFFIXES: readonly string[] = ["rotary_emb.inv_freq", "attn.masked_bias", "attn.bias"];
