/**
 * Test support: a tiny Llama-shaped model as in-memory files (config.json, tokenizer files,
 * safetensors split into N shards + index). Values are zeros: only headers matter to the planner.
 */
import { serializeSafetensors } from "../../safetensors/build-header.ts";
import { buildSafetensorsIndex } from "../../safetensors/index-json.ts";
import { shardFilename } from "../../safetensors/shard-filename.ts";
import type { LocalFileLike } from "../../model-source/types";

/** Shape of the test model. */
export interface TestModelSpec {
  layers: number;
  hidden?: number;
  vocab?: number;
  shards?: number;
  /** Override one tensor's shape (to inject a mismatch). */
  shapeOverride?: Record<string, number[]>;
  tiedEmbeddings?: boolean;
}

/** Files of the model: path -> bytes. */
export function buildTestModel(spec: TestModelSpec): Map<string, Uint8Array> {
  const h = spec.hidden ?? 16;
  const vocab = spec.vocab ?? 32;
  const entries: { name: string; shape: number[] }[] = [{ name: "model.embed_tokens.weight", shape: [vocab, h] }];
  for (let i = 0; i < spec.layers; i++) {
    const p = `model.layers.${i}.`;
    entries.push(
      { name: `${p}input_layernorm.weight`, shape: [h] },
      { name: `${p}self_attn.q_proj.weight`, shape: [h, h] },
      { name: `${p}self_attn.k_proj.weight`, shape: [h / 2, h] },
      { name: `${p}mlp.down_proj.weight`, shape: [h, 2 * h] },
    );
  }
  entries.push({ name: "model.norm.weight", shape: [h] });
  if (!spec.tiedEmbeddings) entries.push({ name: "lm_head.weight", shape: [vocab, h] });
  const tensors = entries.map((e) => {
    const shape = spec.shapeOverride?.[e.name] ?? e.shape;
    return { name: e.name, dtype: "BF16" as const, shape, data: new Uint8Array(shape.reduce((a, b) => a * b, 1) * 2) };
  });
  const files = new Map<string, Uint8Array>();
  const config = { architectures: ["LlamaForCausalLM"], model_type: "llama", num_hidden_layers: spec.layers, hidden_size: h, vocab_size: vocab, torch_dtype: "bfloat16", tie_word_embeddings: Boolean(spec.tiedEmbeddings) };
  const enc = new TextEncoder();
  files.set("config.json", enc.encode(JSON.stringify(config)));
  files.set("tokenizer_config.json", enc.encode("{}"));
  files.set("tokenizer.json", enc.encode("{}"));
  const n = spec.shards ?? 1;
  if (n === 1) {
    files.set("model.safetensors", serializeSafetensors(tensors));
    return files;
  }
  const per = Math.ceil(tensors.length / n);
  const weightMap: [string, string][] = [];
  let total = 0;
  for (let s = 0; s < n; s++) {
    const part = tensors.slice(s * per, (s + 1) * per);
    const name = shardFilename(s + 1, n);
    files.set(name, serializeSafetensors(part));
    for (const t of part) {
      weightMap.push([t.name, name]);
      total += t.data.length;
    }
  }
  files.set("model.safetensors.index.json", enc.encode(buildSafetensorsIndex(weightMap, total)));
  return files;
}

/** The files as LocalFileLike, counting the bytes read into `counter`. */
export function asLocalFiles(files: Map<string, Uint8Array>, counter: { reads: number; bytes: number } = { reads: 0, bytes: 0 }): LocalFileLike[] {
  return [...files].map(([path, data]) => ({
    path,
    size: data.length,
    slice: (a: number, b: number) => ({
      arrayBuffer: () => {
        counter.reads++;
        counter.bytes += b - a;
        const copy = data.slice(a, b);
        return Promise.resolve(copy.buffer);
      },
    }),
  }));
}
