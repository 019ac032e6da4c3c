import { SafetensorsError } from "./errors.ts";
import type { SafetensorsHeader, TensorInfo } from "./types.ts";
import { scanJson } from "./scan-json.ts";
import { describe, shortName, validateTensorEntry } from "./validate-tensor-entry.ts";

/** Default cap on the JSON header length, the same as the Rust reference reader. */
export const DEFAULT_MAX_HEADER_LENGTH = 100_000_000;

/** A valid header is at most 3 levels deep ({name: {shape: [...]}}); allow a little slack. */
const MAX_JSON_DEPTH = 4;

export interface HeaderLengthOptions {
  /** Reject headers longer than this many bytes (default 100 MB). */
  maxHeaderLength?: number;
  /** Total file size, when known, to reject headers that run past the end of the file. */
  fileSize?: number;
}

/**
 * Read N, the JSON header length, from the first 8 bytes of a safetensors file (u64 little
 * endian) and check it against the cap and the file size before anything is allocated.
 */
export function readHeaderLength(first8: Uint8Array, opts: HeaderLengthOptions = {}): number {
  if (first8.length < 8) {
    throw new SafetensorsError(
      "TRUNCATED",
      `safetensors file is ${first8.length} bytes long; it needs at least 8 bytes (the header length).`,
    );
  }
  const view = new DataView(first8.buffer, first8.byteOffset, 8);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  const max = opts.maxHeaderLength ?? DEFAULT_MAX_HEADER_LENGTH;
  const n = hi * 2 ** 32 + lo; // exact below 2^53, and any hi >= 2^21 is far above the cap anyway
  if (n > max) {
    throw new SafetensorsError(
      "HEADER_TOO_LARGE",
      `safetensors header length ${n} bytes exceeds the ${max}-byte limit; the file is corrupt or not safetensors.`,
    );
  }
  if (n < 2) {
    throw new SafetensorsError("TRUNCATED", `safetensors header length is ${n}; a header needs at least "{}".`);
  }
  if (opts.fileSize !== undefined && 8 + n > opts.fileSize) {
    throw new SafetensorsError(
      "HEADER_PAST_EOF",
      `safetensors header of ${n} bytes runs past the end of the file (size ${opts.fileSize}); the file is truncated.`,
    );
  }
  return n;
}

export interface ParseHeaderOptions {
  /** N as returned by readHeaderLength; must equal headerJsonBytes.length. */
  headerLength: number;
  /** Total file size, when known: offsets must then stay inside the file and fill it exactly. */
  fileSize?: number;
  maxHeaderLength?: number;
}

/**
 * Parse and validate the JSON header of a safetensors file (the N bytes after the length).
 * Every rule of the format is checked: known dtypes, shapes, byte counts, offsets contiguous
 * from 0 without overlap or gaps, inside the file, metadata of strings only, no duplicates.
 * Throws SafetensorsError (never anything else) for any bad input.
 */
export function parseSafetensorsHeader(headerJsonBytes: Uint8Array, opts: ParseHeaderOptions): SafetensorsHeader {
  const max = opts.maxHeaderLength ?? DEFAULT_MAX_HEADER_LENGTH;
  const n = opts.headerLength;
  if (headerJsonBytes.length > max) {
    throw new SafetensorsError("HEADER_TOO_LARGE", `safetensors header of ${headerJsonBytes.length} bytes exceeds the ${max}-byte limit.`);
  }
  if (headerJsonBytes.length !== n) {
    throw new SafetensorsError(
      "TRUNCATED",
      `safetensors header: got ${headerJsonBytes.length} bytes but the length prefix says ${n}; the read was cut short.`,
    );
  }
  const obj = decodeJsonObject(headerJsonBytes);
  const dataStart = 8 + n;
  const tensors: TensorInfo[] = [];
  const byName = new Map<string, TensorInfo>();
  let metadata: Record<string, string> = {};
  for (const key of Object.keys(obj)) {
    if (key === "__metadata__") {
      metadata = validateMetadata(obj[key]);
      continue;
    }
    const info = validateTensorEntry(key, obj[key]);
    tensors.push(info);
    byName.set(key, info);
  }
  tensors.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  const dataLength = checkLayout(tensors, dataStart, opts.fileSize);
  return { tensors, byName, metadata, headerLength: n, dataStart, dataLength };
}

function decodeJsonObject(bytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SafetensorsError("BAD_UTF8", "safetensors header is not valid UTF-8; the file is corrupt or not safetensors.");
  }
  const first = text.trimStart()[0];
  if (first !== "{") {
    throw new SafetensorsError(
      "NOT_AN_OBJECT",
      `safetensors header must be a JSON object starting with "{", but it starts with ${describe(first)}.`,
    );
  }
  const rawKeys = scanJson(text, MAX_JSON_DEPTH, "safetensors header");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, 200) : "unknown error";
    throw new SafetensorsError("BAD_JSON", `safetensors header is not valid JSON (${why}); the file is corrupt.`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new SafetensorsError("NOT_AN_OBJECT", `safetensors header must be a JSON object, got ${describe(parsed)}.`);
  }
  const obj = parsed as Record<string, unknown>;
  if (rawKeys.length !== Object.keys(obj).length) rejectDuplicateKeys(rawKeys);
  return obj;
}

function rejectDuplicateKeys(rawKeys: string[]): void {
  const seen = new Set<string>();
  for (const raw of rawKeys) {
    const name = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
    if (seen.has(name)) {
      throw new SafetensorsError("DUPLICATE_TENSOR", `tensor '${shortName(name)}' appears twice in the header; names must be unique.`);
    }
    seen.add(name);
  }
}

function validateMetadata(raw: unknown): Record<string, string> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new SafetensorsError("BAD_METADATA", `"__metadata__" must be an object of strings, got ${describe(raw)}.`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== "string") {
      throw new SafetensorsError(
        "BAD_METADATA",
        `"__metadata__"."${shortName(k)}" is ${describe(v)}; safetensors metadata values must be strings.`,
      );
    }
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Offsets must tile [0, dataLength) exactly, in begin order, and (if known) end at the file end. */
function checkLayout(tensors: TensorInfo[], dataStart: number, fileSize: number | undefined): number {
  let cursor = 0;
  let prev: TensorInfo | undefined;
  for (const t of tensors) {
    const [begin, end] = t.dataOffsets;
    if (begin < cursor) {
      throw new SafetensorsError(
        "OFFSETS_OVERLAP",
        `tensor '${shortName(t.name)}': data_offsets [${begin}, ${end}] overlap tensor '${shortName(prev?.name ?? "")}' ` +
          `which ends at ${cursor}; each tensor must have its own bytes.`,
      );
    }
    if (begin > cursor) {
      throw new SafetensorsError(
        "OFFSETS_GAP",
        `tensor '${shortName(t.name)}': data_offsets [${begin}, ${end}] leave a gap of ${begin - cursor} unindexed bytes ` +
          `after offset ${cursor}; safetensors requires the data section to be fully indexed.`,
      );
    }
    if (fileSize !== undefined && dataStart + end > fileSize) {
      throw new SafetensorsError(
        "OFFSETS_PAST_EOF",
        `tensor '${shortName(t.name)}': data_offsets [${begin}, ${end}] extend past the end of the file ` +
          `(size ${fileSize}, data starts at ${dataStart}); the file is truncated.`,
      );
    }
    cursor = end;
    prev = t;
  }
  if (fileSize !== undefined && dataStart + cursor !== fileSize) {
    throw new SafetensorsError(
      "INCOMPLETE_BUFFER",
      `safetensors data section is ${fileSize - dataStart} bytes but the tensors cover ${cursor}; ` +
        `the file has trailing bytes or was written incorrectly.`,
    );
  }
  return cursor;
}
