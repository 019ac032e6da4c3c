import { INDEX_FILENAME, parseSafetensorsHeader, parseSafetensorsIndex, readHeaderLength, SafetensorsError } from "../safetensors/index.ts";
import type { SafetensorsHeader, TensorInfo } from "../safetensors/index.ts";
import type { JsonObject, PlanFile } from "../plan/types";
import type { ModelSource } from "./types";

/** Where one tensor of a model lives. */
export interface TensorLocation {
  file: string;
  info: TensorInfo;
  /** Absolute file offset of the data section of `file`. */
  dataStart: number;
}

/** Everything the planner needs from one model, read without any weight bytes. */
export interface ModelHeaders {
  config: JsonObject;
  files: PlanFile[];
  /** Weight files in shard order. */
  weightFiles: string[];
  headers: Map<string, SafetensorsHeader>;
  /** Tensor name -> location, over every shard. */
  tensors: Map<string, TensorLocation>;
}

/** Thrown when a folder or repo is not a usable safetensors model. */
export class ModelLayoutError extends Error {
  override readonly name = "ModelLayoutError";
  constructor(readonly code: "NO_CONFIG" | "BAD_CONFIG" | "NO_WEIGHTS" | "INDEX_MISMATCH", message: string) {
    super(message);
  }
}

/** First read per shard; most headers fit, so one request usually does it. */
const SPECULATIVE_BYTES = 64 * 1024;

/**
 * Reads config.json, the shard index and every safetensors header of a model with at most
 * two Range reads per shard (a speculative first read, then the rest of a long header).
 */
export async function readModelHeaders(source: ModelSource, speculativeBytes = SPECULATIVE_BYTES): Promise<ModelHeaders> {
  const where = source.describe().reference;
  const files = await source.listFiles();
  const sizes = new Map(files.map((f) => [f.path, f.size]));
  if (!sizes.has("config.json")) {
    throw new ModelLayoutError("NO_CONFIG", `model '${where}' has no config.json; point to the folder or repo that holds config.json and the *.safetensors files`);
  }
  const config = parseConfig(await source.readFile("config.json"), where);

  let weightFiles: string[];
  let index: Map<string, string> | null = null;
  if (sizes.has(INDEX_FILENAME)) {
    const parsed = parseSafetensorsIndex(await source.readFile(INDEX_FILENAME), `${where}/${INDEX_FILENAME}`);
    index = parsed.weightMap;
    weightFiles = parsed.shards;
    const missing = weightFiles.filter((f) => !sizes.has(f));
    if (missing.length > 0) {
      throw new ModelLayoutError("INDEX_MISMATCH", `model '${where}': ${INDEX_FILENAME} lists ${missing.join(", ")} but the file is not in the model; re-upload the missing shard(s)`);
    }
  } else if (sizes.has("model.safetensors")) {
    weightFiles = ["model.safetensors"];
  } else {
    weightFiles = files.map((f) => f.path).filter((p) => p.endsWith(".safetensors") && !p.includes("/")).sort();
    if (weightFiles.length === 0) {
      throw new ModelLayoutError("NO_WEIGHTS", `model '${where}' has no safetensors weights (model.safetensors or ${INDEX_FILENAME}); only safetensors checkpoints can be merged here — convert .bin files first`);
    }
  }

  const headerList = await Promise.all(weightFiles.map((f) => readHeader(source, f, sizes.get(f) ?? 0, speculativeBytes, where)));
  const headers = new Map<string, SafetensorsHeader>();
  const tensors = new Map<string, TensorLocation>();
  weightFiles.forEach((file, i) => {
    const header = headerList[i] as SafetensorsHeader;
    headers.set(file, header);
    for (const info of header.tensors) {
      if (index && index.get(info.name) !== file) {
        throw new ModelLayoutError("INDEX_MISMATCH", `model '${where}': tensor '${info.name}' is in ${file} but ${INDEX_FILENAME} maps it to ${index.get(info.name) ?? "nothing"}; the index is stale`);
      }
      tensors.set(info.name, { file, info, dataStart: header.dataStart });
    }
  });
  if (index) {
    for (const name of index.keys()) {
      if (!tensors.has(name)) {
        throw new ModelLayoutError("INDEX_MISMATCH", `model '${where}': ${INDEX_FILENAME} lists tensor '${name}' but no shard contains it; the index is stale`);
      }
    }
  }
  return { config, files, weightFiles, headers, tensors };
}

async function readHeader(source: ModelSource, file: string, size: number, speculative: number, where: string): Promise<SafetensorsHeader> {
  try {
    if (size < 8) throw new SafetensorsError("TRUNCATED", `file is ${size} bytes; a safetensors file needs at least 8`);
    const first = await source.readRange(file, 0, Math.min(size, Math.max(8, speculative)));
    const headerLength = readHeaderLength(first.subarray(0, 8), { fileSize: size });
    let json: Uint8Array;
    if (8 + headerLength <= first.byteLength) {
      json = first.subarray(8, 8 + headerLength);
    } else {
      const rest = await source.readRange(file, first.byteLength, 8 + headerLength);
      json = new Uint8Array(headerLength);
      json.set(first.subarray(8), 0);
      json.set(rest, first.byteLength - 8);
    }
    return parseSafetensorsHeader(json, { headerLength, fileSize: size });
  } catch (err) {
    if (err instanceof SafetensorsError) throw new SafetensorsError(err.code, `${where}/${file}: ${err.message}`);
    throw err;
  }
}

function parseConfig(bytes: Uint8Array, where: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new ModelLayoutError("BAD_CONFIG", `model '${where}': config.json is not valid JSON (${(err as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ModelLayoutError("BAD_CONFIG", `model '${where}': config.json must be a JSON object`);
  }
  return value as JsonObject;
}
