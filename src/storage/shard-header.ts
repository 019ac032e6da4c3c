/**
 * The safetensors header of an output shard, built from the planned layout before any tensor is
 * computed: offsets are known up front, so each tensor can be written at its place as it arrives.
 * Matches the reference writer: metadata {"format":"pt"}, JSON padded with spaces to 8 bytes.
 */

/** One tensor of a shard, in write order. */
export interface ShardTensorLayout {
  /** Tensor name. */
  name: string;
  /** safetensors dtype string, e.g. "BF16". */
  dtype: string;
  shape: readonly number[];
  /** Size of the tensor data in bytes. */
  byteLength: number;
}

/** The encoded header and where each tensor lands in the file. */
export interface ShardHeader {
  /** 8-byte length prefix + JSON header, ready to write at file offset 0. */
  bytes: Uint8Array;
  /** Absolute file offset of each tensor's data, by name. */
  fileOffsets: Map<string, number>;
  /** Total file size in bytes. */
  fileSize: number;
  /** Sum of tensor data bytes (the index's total_size contribution). */
  dataBytes: number;
}

/** Encode the header of a shard whose tensors follow in the given order. */
export function buildShardHeader(tensors: readonly ShardTensorLayout[]): ShardHeader {
  const json: Record<string, unknown> = { __metadata__: { format: "pt" } };
  const rel = new Map<string, number>();
  let offset = 0;
  for (const t of tensors) {
    if (rel.has(t.name)) throw new Error(`Shard layout lists tensor "${t.name}" twice; each output tensor must be written once.`);
    json[t.name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + t.byteLength] };
    rel.set(t.name, offset);
    offset += t.byteLength;
  }
  let text = JSON.stringify(json);
  text += " ".repeat((8 - ((8 + text.length) % 8)) % 8);
  const body = new TextEncoder().encode(text);
  const bytes = new Uint8Array(8 + body.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(body.length), true);
  bytes.set(body, 8);
  const fileOffsets = new Map<string, number>();
  for (const [name, o] of rel) fileOffsets.set(name, bytes.length + o);
  return { bytes, fileOffsets, fileSize: bytes.length + offset, dataBytes: offset };
}
