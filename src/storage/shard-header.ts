/**
 * The on-disk layout of an output shard, from the planned tensor order before any tensor is
 * computed: offsets are known up front, so each tensor is written at its place as it arrives.
 * The header itself comes from core/safetensors (metadata {"format":"pt"}, 8-byte aligned).
 */
import { buildSafetensorsHeader, type Dtype } from "../core/safetensors/index.ts";

/** One tensor of a shard, in write order. */
export interface ShardTensorLayout {
  name: string;
  dtype: Dtype;
  shape: readonly number[];
}

/** The encoded header and where each tensor lands in the file. */
export interface ShardHeader {
  /** 8-byte length prefix + JSON header, ready to write at file offset 0. */
  bytes: Uint8Array;
  /** Absolute file offset of each tensor's data, by name. */
  fileOffsets: Map<string, number>;
  /** Data offset (relative to the data section) of each tensor, by name, to check against the plan. */
  dataOffsets: Map<string, number>;
  /** Total file size in bytes. */
  fileSize: number;
  /** Sum of tensor data bytes (the index's total_size contribution). */
  dataBytes: number;
}

/** Lay out a shard whose tensors follow in the given order. */
export function buildShardHeader(tensors: readonly ShardTensorLayout[]): ShardHeader {
  const built = buildSafetensorsHeader(tensors, { format: "pt" });
  const fileOffsets = new Map<string, number>();
  const dataOffsets = new Map<string, number>();
  tensors.forEach((t, i) => {
    dataOffsets.set(t.name, built.offsets[i][0]);
    fileOffsets.set(t.name, built.dataStart + built.offsets[i][0]);
  });
  return { bytes: built.bytes, fileOffsets, dataOffsets, fileSize: built.dataStart + built.dataLength, dataBytes: built.dataLength };
}
