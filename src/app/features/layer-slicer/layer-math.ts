/**
 * Live figures for the layer slicer, from config.json alone: parameters per decoder layer and
 * outside the layers (embeddings, final norm, lm_head), and the output's size. Llama-style
 * layout (attention q/k/v/o with grouped KV heads, gated MLP, two RMS norms per layer).
 */

/** One output slice of a frankenmerge: layers [start, end) of `model`. */
export interface OutputSlice {
  model: string;
  start: number;
  end: number;
}

const num = (c: Record<string, unknown>, key: string): number | undefined => (typeof c[key] === "number" ? (c[key] as number) : undefined);

/** Number of decoder layers a config declares, or undefined if it does not say. */
export function layerCount(config: Record<string, unknown>): number | undefined {
  return num(config, "num_hidden_layers") ?? num(config, "n_layer") ?? num(config, "num_layers");
}

/** Parameters of one decoder layer. */
export function paramsPerLayer(config: Record<string, unknown>): number {
  const h = num(config, "hidden_size") ?? 0;
  const inter = num(config, "intermediate_size") ?? 4 * h;
  const heads = num(config, "num_attention_heads") ?? 1;
  const kv = num(config, "num_key_value_heads") ?? heads;
  const headDim = num(config, "head_dim") ?? h / heads;
  const attn = 2 * h * heads * headDim + 2 * h * kv * headDim;
  const mlp = 3 * h * inter;
  return attn + mlp + 2 * h;
}

/** Parameters outside the layers: token embeddings, final norm and (unless tied) lm_head. */
export function paramsOutsideLayers(config: Record<string, unknown>): number {
  const h = num(config, "hidden_size") ?? 0;
  const vocab = num(config, "vocab_size") ?? 0;
  const tied = config.tie_word_embeddings === true;
  return vocab * h * (tied ? 1 : 2) + h;
}

const BYTES: Record<string, number> = { float32: 4, float16: 2, bfloat16: 2, fp32: 4, fp16: 2, bf16: 2 };

/** Bytes per element of a mergekit dtype name (bfloat16 when unknown). */
export function bytesPerParam(dtype: string | undefined): number {
  return (dtype && BYTES[dtype]) || 2;
}

/** Output layer count, parameter count and size; null parts when a model's config is missing. */
export function outputFigures(slices: readonly OutputSlice[], configs: Record<string, Record<string, unknown> | undefined>, dtype: string | undefined): { layers: number; params: number | null; bytes: number | null } {
  const layers = slices.reduce((n, s) => n + Math.max(0, s.end - s.start), 0);
  if (slices.length === 0) return { layers: 0, params: 0, bytes: 0 };
  let params = 0;
  for (const s of slices) {
    const c = configs[s.model];
    if (!c) return { layers, params: null, bytes: null };
    params += Math.max(0, s.end - s.start) * paramsPerLayer(c);
  }
  const first = configs[slices[0].model]!;
  params += paramsOutsideLayers(first);
  return { layers, params, bytes: params * bytesPerParam(dtype) };
}

/** Split slice `i` into two at `at` (start < at < end); returns the new list. */
export function splitSlice(slices: readonly OutputSlice[], i: number, at: number): OutputSlice[] {
  const s = slices[i];
  if (!s || at <= s.start || at >= s.end) throw new Error(`Cannot split layers [${s?.start}, ${s?.end}) at ${at}: pick a layer strictly inside the range.`);
  return [...slices.slice(0, i), { ...s, end: at }, { ...s, start: at }, ...slices.slice(i + 1)];
}

/** Move slice `from` to index `to`. */
export function moveSlice(slices: readonly OutputSlice[], from: number, to: number): OutputSlice[] {
  const out = [...slices];
  const [s] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(out.length, to)), 0, s);
  return out;
}

/** The recipe's `slices:` value for a list of single-source slices. */
export function toRecipeSlices(slices: readonly OutputSlice[]): { sources: { model: string; layer_range: [number, number] }[] }[] {
  return slices.map((s) => ({ sources: [{ model: s.model, layer_range: [s.start, s.end] }] }));
}
