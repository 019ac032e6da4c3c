/**
 * Parameter specs shared by several methods, so the same YAML key has the same doc and range
 * everywhere. Defaults that differ per method (e.g. GTA's `normalize`) are passed in.
 */
import type { ParamSpec } from "./types.ts";

/** Per-model `weight`, required (mergekit waives it only for the base model). */
export const WEIGHT: ParamSpec = {
  name: "weight",
  kind: "float",
  required: true,
  doc: "Weight of this model in the merge (negative values subtract).",
};

/** Per-model `density` of the GTA family: fraction of task-vector entries kept. */
export const DENSITY: ParamSpec = {
  name: "density",
  kind: "float",
  default: 1.0,
  required: false,
  min: 0,
  max: 1,
  doc: "Fraction of this model's task-vector entries to keep (1 = keep all).",
};

/** Global `int8_mask` (memory-only switch in mergekit: same numbers either way). */
export const INT8_MASK: ParamSpec = {
  name: "int8_mask",
  kind: "bool",
  default: false,
  required: false,
  doc: "Store the intermediate sign mask as int8 (memory saving only; results are identical).",
};

/** Global `normalize` with a method-specific default. */
export function normalizeParam(def: boolean, doc: string): ParamSpec {
  return { name: "normalize", kind: "bool", default: def, required: false, doc };
}
