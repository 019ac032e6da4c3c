import type { JsonObject, JsonValue } from "../plan/types";
import { ARCHITECTURES, IGNORED_SUFFIXES } from "./architectures";
import type { ArchitectureDef, TensorPlace } from "./types";

/**
 * The explicit definition for a config's `architectures` entry, or null when there is none
 * (then use inferArchitecture, like mergekit's automatic fallback).
 */
export function architectureForConfig(config: JsonObject): ArchitectureDef | null {
  const archs = config["architectures"];
  if (!Array.isArray(archs) || archs.length !== 1 || typeof archs[0] !== "string") return null;
  const name = archs[0];
  return ARCHITECTURES.find((a) => a.architectures.includes(name)) ?? null;
}

const LAYER_INDEX = /\.(\d+)\./;

/**
 * mergekit's automatic architecture (§3.4): the first `.{i}.` in a name marks a layer; the
 * most common prefix before it is the layer stack; every other tensor is a pre-weight; the
 * layer count is not written back to config.json.
 */
export function inferArchitecture(tensorNames: readonly string[]): ArchitectureDef {
  const counts = new Map<string, number>();
  for (const name of tensorNames) {
    const m = LAYER_INDEX.exec(name);
    if (m) {
      const prefix = name.slice(0, m.index + 1);
      counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
    }
  }
  let layerPrefix = "";
  let best = 0;
  for (const [prefix, n] of counts) if (n > best) [layerPrefix, best] = [prefix, n];
  const rest = tensorNames.filter((n) => !(layerPrefix && n.startsWith(layerPrefix) && /^\d+\./.test(n.slice(layerPrefix.length))));
  return {
    id: "auto",
    architectures: [],
    layerPrefix,
    numLayersKey: null,
    preWeights: rest,
    postWeights: [],
    embedWeights: rest.filter((n) => /embed|(^|\.)wte\.|lm_head/.test(n)),
    tied: {},
    vocabSizeKey: "vocab_size",
  };
}

/**
 * Where a tensor sits: its input layer index and module for per-layer tensors, pre/post for the
 * others; null for tensors the architecture does not list (mergekit drops them from the output).
 */
export function classifyTensor(name: string, arch: ArchitectureDef): TensorPlace | null {
  const isEmbed = arch.embedWeights.includes(name);
  if (arch.preWeights.includes(name)) return { layerIndex: null, kind: "pre", module: name, isEmbed };
  if (arch.postWeights.includes(name)) return { layerIndex: null, kind: "post", module: name, isEmbed };
  if (arch.layerPrefix && name.startsWith(arch.layerPrefix)) {
    const m = /^(\d+)\.(.+)$/.exec(name.slice(arch.layerPrefix.length));
    if (m?.[1] && m[2] && !IGNORED_SUFFIXES.some((s) => name.endsWith(s))) {
      return { layerIndex: Number(m[1]), kind: "layer", module: m[2], isEmbed: false };
    }
  }
  return null;
}

/** The name of `module` in layer `layer`. */
export function layerTensorName(arch: ArchitectureDef, layer: number, module: string): string {
  return `${arch.layerPrefix}${layer}.${module}`;
}

/** Reads a dotted config key ("text_config.num_hidden_layers"). */
export function getConfigValue(config: JsonObject, key: string): JsonValue | undefined {
  let v: JsonValue | undefined = config;
  for (const part of key.split(".")) {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
    v = v[part];
  }
  return v;
}

/** Sets a dotted config key in a copy-on-write manner (config must be a fresh copy). */
export function setConfigValue(config: JsonObject, key: string, value: JsonValue): void {
  const parts = key.split(".");
  let obj: JsonObject = config;
  for (const part of parts.slice(0, -1)) {
    const next = obj[part];
    if (typeof next !== "object" || next === null || Array.isArray(next)) return;
    obj = next;
  }
  obj[parts[parts.length - 1] as string] = value;
}

/**
 * Layer count of a model: the config key when the architecture has one, else the highest
 * layer index in the tensor names + 1.
 */
export function countLayers(config: JsonObject, arch: ArchitectureDef, tensorNames: Iterable<string>): { fromConfig: number | null; fromTensors: number } {
  let max = -1;
  for (const n of tensorNames) {
    const place = classifyTensor(n, arch);
    if (place?.layerIndex != null && place.layerIndex > max) max = place.layerIndex;
  }
  const v = arch.numLayersKey ? getConfigValue(config, arch.numLayersKey) : undefined;
  return { fromConfig: typeof v === "number" && Number.isInteger(v) ? v : null, fromTensors: max + 1 };
}
