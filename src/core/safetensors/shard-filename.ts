import { SafetensorsError } from "./errors.ts";

const SHARD_RE = /^(.+)[-_](\d{5,6})-of-(\d{5,6})\.safetensors$/;

/** `model-00001-of-00004.safetensors` for index 1 of 4 (1-based, as transformers and mergekit). */
export function shardFilename(index: number, count: number, prefix = "model"): string {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 1 || index > count || count > 99999) {
    throw new SafetensorsError("BAD_SHARD_NAME", `shard ${index} of ${count}: index must be 1..count and count 1..99999.`);
  }
  const pad = (n: number) => String(n).padStart(5, "0");
  return `${prefix}-${pad(index)}-of-${pad(count)}.safetensors`;
}

/** The parts of a shard file name, or undefined when `name` is not one. */
export function parseShardFilename(name: string): { prefix: string; index: number; count: number } | undefined {
  const m = SHARD_RE.exec(name);
  if (!m) return undefined;
  const index = Number(m[2]);
  const count = Number(m[3]);
  if (index < 1 || index > count) return undefined;
  return { prefix: m[1], index, count };
}
