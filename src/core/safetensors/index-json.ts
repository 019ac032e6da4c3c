import { SafetensorsError } from "./errors.ts";
import { describe, shortName } from "./validate-tensor-entry.ts";

/** The standard index file name of a sharded checkpoint. */
export const INDEX_FILENAME = "model.safetensors.index.json";

/** A validated `model.safetensors.index.json`. */
export interface SafetensorsIndex {
  /** metadata.total_size (sum of tensor data bytes), when present. */
  totalSize?: number;
  /** The whole metadata object (total_size, mergekit_version, ...). */
  metadata: Record<string, unknown>;
  /** tensor name -> shard file name (relative to the index's folder). */
  weightMap: Map<string, string>;
  /** Distinct shard files, in first-appearance order. */
  shards: string[];
}

function bad(where: string, what: string): never {
  throw new SafetensorsError("BAD_INDEX", `${where}: ${what}`);
}

/** A shard path must stay inside the repo folder: relative, no "..", a .safetensors file. */
function checkShardPath(where: string, tensor: string, file: unknown): string {
  if (typeof file !== "string" || file.length === 0 || file.length > 512) {
    bad(where, `weight_map["${shortName(tensor)}"] must be a shard file name, got ${describe(file)}.`);
  }
  const parts = file.split("/");
  if (file.startsWith("/") || file.includes("\\") || parts.some((p) => p === ".." || p === "." || p === "") || !file.endsWith(".safetensors")) {
    bad(where, `weight_map["${shortName(tensor)}"] = ${describe(file)} is not a relative .safetensors path inside the repo.`);
  }
  return file;
}

/** Parse and validate an index file (text or bytes). `where` names it in errors. */
export function parseSafetensorsIndex(input: string | Uint8Array, where = INDEX_FILENAME): SafetensorsIndex {
  if (input.length > 100_000_000) bad(where, `index is ${input.length} bytes; the limit is 100 MB.`);
  const text = typeof input === "string" ? input : new TextDecoder().decode(input);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    bad(where, `not valid JSON (${e instanceof Error ? e.message.slice(0, 200) : "?"}).`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) bad(where, `must be a JSON object, got ${describe(raw)}.`);
  const obj = raw as Record<string, unknown>;
  const wm = obj.weight_map;
  if (typeof wm !== "object" || wm === null || Array.isArray(wm)) bad(where, `"weight_map" must be an object of tensor name -> shard file.`);
  const md = obj.metadata ?? {};
  if (typeof md !== "object" || md === null || Array.isArray(md)) bad(where, `"metadata" must be an object, got ${describe(md)}.`);
  const metadata = md as Record<string, unknown>;
  let totalSize: number | undefined;
  if (metadata.total_size !== undefined) {
    const ts = metadata.total_size;
    // Some writers store it as a string; accept digits only.
    const n = typeof ts === "string" && /^\d+$/.test(ts) ? Number(ts) : ts;
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) bad(where, `metadata.total_size must be a non-negative integer, got ${describe(ts)}.`);
    totalSize = n;
  }
  const weightMap = new Map<string, string>();
  const shards: string[] = [];
  const shardSet = new Set<string>();
  for (const [tensor, file] of Object.entries(wm)) {
    const f = checkShardPath(where, tensor, file);
    weightMap.set(tensor, f);
    if (!shardSet.has(f)) {
      shardSet.add(f);
      shards.push(f);
    }
  }
  if (weightMap.size === 0) bad(where, `"weight_map" is empty; a sharded checkpoint lists every tensor there.`);
  return { totalSize, metadata, weightMap, shards };
}

/** Build the JSON text of an index file (2-space indent, like transformers). */
export function buildSafetensorsIndex(
  weightMap: Iterable<[string, string]>,
  totalSize: number,
  extraMetadata: Record<string, unknown> = {},
): string {
  const map: Record<string, string> = {};
  for (const [tensor, file] of weightMap) {
    checkShardPath("index being built", tensor, file);
    map[tensor] = file;
  }
  return `${JSON.stringify({ metadata: { ...extraMetadata, total_size: totalSize }, weight_map: map }, null, 2)}\n`;
}
