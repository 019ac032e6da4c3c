/** The shape parameters of a Llama-style decoder (the config.json fields that fix tensor shapes). */
export interface LlamaShape {
  layers: number;
  hidden: number;
  intermediate: number;
  vocab: number;
  heads: number;
  kvHeads: number;
  /** Per-head width; default hidden / heads. */
  headDim?: number;
  /** tie_word_embeddings: no separate lm_head.weight. */
  tieEmbeddings?: boolean;
}

/** One tensor of the layout, and how its synthetic values are drawn. */
export interface LayoutTensor {
  name: string;
  shape: number[];
  /** "norm": values around 1; "weight": values around 0. */
  kind: "norm" | "weight";
}

/** Check a shape for sense, with a message naming the field. */
export function validateLlamaShape(s: LlamaShape): void {
  const ints: [keyof LlamaShape, number][] = [["layers", s.layers], ["hidden", s.hidden], ["intermediate", s.intermediate], ["vocab", s.vocab], ["heads", s.heads], ["kvHeads", s.kvHeads]];
  for (const [k, v] of ints) {
    if (!Number.isInteger(v) || v < 1 || v > 1_000_000) throw new Error(`${k} must be an integer 1..1000000, got ${v}`);
  }
  if (s.heads % s.kvHeads !== 0) throw new Error(`heads (${s.heads}) must be a multiple of kvHeads (${s.kvHeads}) for grouped-query attention`);
  if (s.headDim === undefined && s.hidden % s.heads !== 0) throw new Error(`hidden (${s.hidden}) must be divisible by heads (${s.heads}), or give headDim`);
}

/**
 * Tensor names and shapes of a Hugging Face LlamaForCausalLM, in the order transformers saves
 * them: embeddings, then each layer (attention q/k/v/o, MLP gate/up/down, the two norms),
 * then the final norm and lm_head. Linear weights are [out_features, in_features].
 */
export function llamaTensors(s: LlamaShape): LayoutTensor[] {
  validateLlamaShape(s);
  const hd = s.headDim ?? s.hidden / s.heads;
  const out: LayoutTensor[] = [{ name: "model.embed_tokens.weight", shape: [s.vocab, s.hidden], kind: "weight" }];
  for (let i = 0; i < s.layers; i++) {
    const p = `model.layers.${i}`;
    out.push(
      { name: `${p}.self_attn.q_proj.weight`, shape: [s.heads * hd, s.hidden], kind: "weight" },
      { name: `${p}.self_attn.k_proj.weight`, shape: [s.kvHeads * hd, s.hidden], kind: "weight" },
      { name: `${p}.self_attn.v_proj.weight`, shape: [s.kvHeads * hd, s.hidden], kind: "weight" },
      { name: `${p}.self_attn.o_proj.weight`, shape: [s.hidden, s.heads * hd], kind: "weight" },
      { name: `${p}.mlp.gate_proj.weight`, shape: [s.intermediate, s.hidden], kind: "weight" },
      { name: `${p}.mlp.up_proj.weight`, shape: [s.intermediate, s.hidden], kind: "weight" },
      { name: `${p}.mlp.down_proj.weight`, shape: [s.hidden, s.intermediate], kind: "weight" },
      { name: `${p}.input_layernorm.weight`, shape: [s.hidden], kind: "norm" },
      { name: `${p}.post_attention_layernorm.weight`, shape: [s.hidden], kind: "norm" },
    );
  }
  out.push({ name: "model.norm.weight", shape: [s.hidden], kind: "norm" });
  if (!s.tieEmbeddings) out.push({ name: "lm_head.weight", shape: [s.vocab, s.hidden], kind: "weight" });
  return out;
}

/** The config.json of such a model. */
export function llamaConfig(s: LlamaShape, torchDtype: string): Record<string, unknown> {
  return {
    architectures: ["LlamaForCausalLM"],
    attention_bias: false,
    attention_dropout: 0.0,
    bos_token_id: 1,
    eos_token_id: 2,
    head_dim: s.headDim ?? s.hidden / s.heads,
    hidden_act: "silu",
    hidden_size: s.hidden,
    initializer_range: 0.02,
    intermediate_size: s.intermediate,
    max_position_embeddings: 2048,
    mlp_bias: false,
    model_type: "llama",
    num_attention_heads: s.heads,
    num_hidden_layers: s.layers,
    num_key_value_heads: s.kvHeads,
    pretraining_tp: 1,
    rms_norm_eps: 1e-5,
    rope_scaling: null,
    rope_theta: 10000.0,
    tie_word_embeddings: s.tieEmbeddings ?? false,
    torch_dtype: torchDtype,
    transformers_version: "4.44.2",
    use_cache: true,
    vocab_size: s.vocab,
  };
}
