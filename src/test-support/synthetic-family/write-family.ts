import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import {
  buildSafetensorsHeader, buildSafetensorsIndex, dtypeByteSize, encodeF32ToTensor, INDEX_FILENAME, shardFilename,
} from "../../core/safetensors/index.ts";
import { encodeBf16 } from "../../core/numeric/bf16.ts";
import { llamaConfig, llamaTensors, type LayoutTensor, type LlamaShape } from "./llama-layout.ts";
import { planShards } from "./plan-shards.ts";
import { fillValues, hash32, hashString } from "./synthetic-values.ts";
import { tokenizerFiles } from "./tokenizer-files.ts";

/** Options of a synthetic family. */
export interface FamilyOptions extends LlamaShape {
  out: string;
  /** Fine-tunes derived from the base (folders ft_1 .. ft_N next to base/). */
  fineTunes: number;
  dtype: "BF16" | "F16" | "F32";
  /** Either a number of shards (1 = single model.safetensors, no index) or a max shard size in bytes. */
  shards?: number;
  maxShardBytes?: number;
  seed?: number;
  /** Fine-tune delta std as a fraction of the base std (default 0.05). */
  deltaScale?: number;
  /** Progress callback, e.g. console.log from the CLI. */
  onProgress?: (line: string) => void;
}

/** What was written for one model. */
export interface WrittenModel {
  name: string;
  dir: string;
  files: string[];
  /** Sum of tensor data bytes (the index's total_size). */
  totalSize: number;
}

const TORCH_DTYPE = { BF16: "bfloat16", F16: "float16", F32: "float32" } as const;
/** Elements generated per write: bounds memory to a few MB whatever the model size. */
const CHUNK = 1 << 20;

/**
 * Write a base Llama model and `fineTunes` fine-tunes of it in Hub layout under `out/`:
 * config/tokenizer/generation files, safetensors shards (+ index when sharded). Tensor data is
 * generated and written chunk by chunk, so a multi-GB family needs only a few MB of memory.
 */
export function writeFamily(o: FamilyOptions): WrittenModel[] {
  if (!Number.isInteger(o.fineTunes) || o.fineTunes < 0 || o.fineTunes > 100) throw new Error(`fineTunes must be 0..100, got ${o.fineTunes}`);
  const tensors = llamaTensors(o);
  const shards = planShards(tensors, o.dtype, o.maxShardBytes !== undefined ? { maxBytes: o.maxShardBytes } : { count: o.shards ?? 1 });
  const seed = o.seed ?? 0;
  const names = ["base", ...Array.from({ length: o.fineTunes }, (_, k) => `ft_${k + 1}`)];
  return names.map((name, model) => writeModel(o, name, model, shards, seed));
}

function writeModel(o: FamilyOptions, name: string, model: number, shards: LayoutTensor[][], seed: number): WrittenModel {
  const dir = join(o.out, name);
  mkdirSync(dir, { recursive: true });
  const json = (file: string, v: unknown) => writeFileSync(join(dir, file), `${JSON.stringify(v, null, 2)}\n`);
  json("config.json", llamaConfig(o, TORCH_DTYPE[o.dtype]));
  for (const [file, v] of Object.entries(tokenizerFiles(o.vocab))) json(file, v);
  const files: string[] = [];
  const weightMap: [string, string][] = [];
  let totalSize = 0;
  shards.forEach((group, s) => {
    const file = shards.length === 1 ? "model.safetensors" : shardFilename(s + 1, shards.length);
    const header = buildSafetensorsHeader(group.map((t) => ({ name: t.name, dtype: o.dtype, shape: t.shape })), { format: "pt" });
    const fd = openSync(join(dir, file), "w");
    try {
      writeSync(fd, header.bytes);
      for (const t of group) {
        writeTensor(fd, t, o, model, seed);
        weightMap.push([t.name, file]);
      }
    } finally {
      closeSync(fd);
    }
    totalSize += header.dataLength;
    files.push(file);
    o.onProgress?.(`${name}/${file}: ${group.length} tensors, ${(header.dataStart + header.dataLength) / 1e6} MB`);
  });
  if (shards.length > 1) {
    writeFileSync(join(dir, INDEX_FILENAME), buildSafetensorsIndex(weightMap, totalSize));
    files.push(INDEX_FILENAME);
  }
  return { name, dir, files, totalSize };
}

function writeTensor(fd: number, t: LayoutTensor, o: FamilyOptions, model: number, seed: number): void {
  const numel = t.shape.reduce((a, b) => a * b, 1);
  const spec = {
    tensorSeed: hash32(seed, hashString(t.name)),
    model,
    mean: t.kind === "norm" ? 1 : 0,
    std: t.kind === "norm" ? 0.05 : 0.02,
    deltaScale: o.deltaScale ?? 0.05,
  };
  const buf = new Float32Array(Math.min(CHUNK, numel));
  const bf16 = o.dtype === "BF16" ? new Uint16Array(buf.length) : undefined;
  for (let start = 0; start < numel; start += CHUNK) {
    const n = Math.min(CHUNK, numel - start);
    const chunk = buf.subarray(0, n);
    fillValues(chunk, start, spec);
    const bytes = bf16 ? new Uint8Array(encodeBf16(chunk, bf16.subarray(0, n)).buffer, 0, n * 2) : encodeF32ToTensor(chunk, o.dtype);
    if (bytes.length !== n * dtypeByteSize(o.dtype)) throw new Error("internal: encoded size mismatch");
    writeSync(fd, bytes);
  }
}

