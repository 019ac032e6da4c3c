import type { Dtype } from "./dtype.ts";

/** One tensor entry of a validated safetensors header. */
export interface TensorInfo {
  name: string;
  dtype: Dtype;
  shape: number[];
  /** [begin, end) byte offsets relative to the start of the data section (file offset dataStart). */
  dataOffsets: [number, number];
}

/** A validated safetensors header. */
export interface SafetensorsHeader {
  /** Tensors sorted by begin offset (their order in the file). */
  tensors: TensorInfo[];
  byName: Map<string, TensorInfo>;
  /** The `__metadata__` string map ({} when absent). */
  metadata: Record<string, string>;
  /** N, the JSON header length in bytes. */
  headerLength: number;
  /** File offset of the data section: 8 + N. */
  dataStart: number;
  /** Bytes in the data section (end offset of the last tensor). */
  dataLength: number;
}
