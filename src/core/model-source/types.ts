/**
 * One reader interface for every place model files come from (the Hub, a local folder), so
 * the planner and the engine never care which. Paths are relative to the model root, "/"-separated.
 */
import type { ModelSourceKind, PlanFile } from "../plan/types";

/** What a source is, for the plan and for messages. */
export interface ModelSourceInfo {
  kind: ModelSourceKind;
  /** The reference as written in the recipe. */
  reference: string;
  /** Hub repo id, or the local folder's name/path. */
  repo: string;
  requestedRevision: string | null;
  /** Pinned commit sha (Hub only). */
  commitSha: string | null;
}

/** Reads one model's files. */
export interface ModelSource {
  describe(): ModelSourceInfo;
  listFiles(): Promise<PlanFile[]>;
  /** A whole file (use for small files: config.json, index.json, tokenizer files). */
  readFile(path: string): Promise<Uint8Array>;
  /**
   * Bytes [start, end) of a file, in a buffer of exactly end - start bytes at byteOffset 0 (so
   * the GPU upload needs no aligning copy). `onProgress` gets byte counts as they arrive.
   */
  readRange(path: string, start: number, end: number, opts?: { onProgress?: (bytes: number) => void }): Promise<Uint8Array>;
}

/**
 * A Blob-like local file: browser `File` objects (directory picker, <input webkitdirectory>)
 * fit once given a relative `path`; the Node CLI adapts fs file handles to it.
 */
export interface LocalFileLike {
  /** Path relative to the model folder, "/"-separated. */
  path: string;
  size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}
