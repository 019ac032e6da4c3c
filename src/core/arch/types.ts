/** Architecture knowledge the planner needs: where layers are and which tensors are embeddings. */

/** A decoder architecture (one module), after mergekit's JSON definitions. */
export interface ArchitectureDef {
  /** Short id, e.g. "llama", or "auto" for the inferred fallback. */
  id: string;
  /** config.architectures values it covers (e.g. "LlamaForCausalLM"). */
  architectures: readonly string[];
  /** Prefix of per-layer tensor names, up to the index: "model.layers." -> "model.layers.{i}.*". */
  layerPrefix: string;
  /** config.json key holding the layer count (dotted path allowed); null = do not edit config. */
  numLayersKey: string | null;
  /** Non-layer tensors written before the layers (embeddings). */
  preWeights: readonly string[];
  /** Non-layer tensors written after the layers (final norm, lm_head). */
  postWeights: readonly string[];
  /** Tensors mergekit marks is_embed (vocab-sized rows; cropped to a common size). */
  embedWeights: readonly string[];
  /** Optional tensors that fall back to another name when absent (tied lm_head). */
  tied: Readonly<Record<string, string>>;
  /** config.json key holding the vocabulary size. */
  vocabSizeKey: string;
}

/** Where one tensor name sits in the model. */
export interface TensorPlace {
  /** Input layer index, or null for pre/post weights. */
  layerIndex: number | null;
  kind: "pre" | "layer" | "post";
  /** The name without the layer prefix and index ("self_attn.q_proj.weight"), or the full name. */
  module: string;
  isEmbed: boolean;
}
