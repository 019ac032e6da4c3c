import { buildSafetensorsHeader } from "../safetensors/build-header.ts";
import { shardFilename } from "../safetensors/shard-filename.ts";
import type { PlannedShard, PlannedTensor } from "./types";

/** mergekit's --out-shard-size default: 5B = 5,000,000,000 bytes (§4.1). */
export const DEFAULT_MAX_SHARD_BYTES = 5_000_000_000;

/**
 * Places tensors into shards like mergekit's TensorWriter (flush before a tensor that would
 * push a non-empty shard past the cap) and lays out each shard's header, so every offset is
 * known before any data exists. One shard is named model.safetensors; N shards
 * model-0000i-of-0000N.safetensors.
 */
export function assignShards(tensors: readonly Omit<PlannedTensor, "shard" | "offset">[], maxShardBytes: number): { placed: PlannedTensor[]; shards: PlannedShard[] } {
  const groups: (typeof tensors)[number][][] = [];
  let current: (typeof tensors)[number][] = [];
  let size = 0;
  for (const t of tensors) {
    if (current.length > 0 && size + t.byteSize > maxShardBytes) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(t);
    size += t.byteSize;
  }
  if (current.length > 0) groups.push(current);

  const placed: PlannedTensor[] = [];
  const shards: PlannedShard[] = groups.map((group, shard) => {
    const header = buildSafetensorsHeader(group.map((t) => ({ name: t.name, dtype: t.dtype, shape: t.shape })));
    group.forEach((t, i) => placed.push({ ...t, shard, offset: (header.offsets[i] as [number, number])[0] }));
    return {
      fileName: groups.length === 1 ? "model.safetensors" : shardFilename(shard + 1, groups.length),
      tensors: group.map((t) => t.name),
      byteSize: header.dataLength,
      headerBytes: header.bytes.length,
    };
  });
  return { placed, shards };
}
