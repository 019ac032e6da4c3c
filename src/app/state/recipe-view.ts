/**
 * Typed reads of the loose recipe data for the form: each helper tolerates half-written YAML
 * (the user may be mid-edit) and returns what the form can show.
 */
import type { RecipeData } from "./recipe-doc.ts";

/** A parameter value as mergekit accepts it: scalar, gradient list, or conditional list. */
export type ParamValue = number | boolean | number[] | { filter?: string; value: number | number[] }[];

/** One entry of `models:`. */
export interface ModelEntry {
  model: string;
  parameters: Record<string, unknown>;
}

/** One source of a slice: a model and its [start, end) layer range. */
export interface SliceSource {
  model: string;
  layerRange: [number, number];
}

/** The model reference as a string (dict form `{model: {path, revision}}` flattened to path@revision). */
export function modelRefString(ref: unknown): string {
  if (typeof ref === "string") return ref;
  if (ref && typeof ref === "object") {
    const r = ref as { model?: unknown; path?: unknown; revision?: unknown };
    if (r.model !== undefined) return modelRefString(r.model);
    if (typeof r.path === "string") return typeof r.revision === "string" ? `${r.path}@${r.revision}` : r.path;
  }
  return "";
}

export function readMethod(data: RecipeData | null): string {
  return typeof data?.merge_method === "string" ? data.merge_method : "";
}

export function readModels(data: RecipeData | null): ModelEntry[] {
  const list = data?.models;
  if (!Array.isArray(list)) return [];
  return list.map((m) => {
    const entry = (m && typeof m === "object" ? m : { model: m }) as { model?: unknown; parameters?: unknown };
    const params = entry.parameters && typeof entry.parameters === "object" ? (entry.parameters as Record<string, unknown>) : {};
    return { model: modelRefString(entry.model ?? m), parameters: params };
  });
}

export function readGlobalParams(data: RecipeData | null): Record<string, unknown> {
  const p = data?.parameters;
  return p && typeof p === "object" && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}

/** Slices flattened to their first source each (the frankenmerge view the slicer edits). */
export function readSlices(data: RecipeData | null): SliceSource[] {
  const list = data?.slices;
  if (!Array.isArray(list)) return [];
  const out: SliceSource[] = [];
  for (const slice of list) {
    const src = (slice as { sources?: unknown })?.sources;
    const first = Array.isArray(src) ? (src[0] as { model?: unknown; layer_range?: unknown }) : undefined;
    const range = first?.layer_range;
    if (!first || !Array.isArray(range) || range.length !== 2) continue;
    out.push({ model: modelRefString(first.model), layerRange: [Number(range[0]), Number(range[1])] });
  }
  return out;
}

/** True when some slice merges several sources (the slicer edits single-source slices only). */
export function hasMultiSourceSlices(data: RecipeData | null): boolean {
  const list = data?.slices;
  return Array.isArray(list) && list.some((slice) => {
    const src = (slice as { sources?: unknown })?.sources;
    return Array.isArray(src) && src.length > 1;
  });
}

/** Every model the recipe names (base first), without duplicates. */
export function readAllModelRefs(data: RecipeData | null): string[] {
  const refs = [modelRefString(data?.base_model), ...readModels(data).map((m) => m.model), ...readSlices(data).map((s) => s.model)];
  return [...new Set(refs.filter(Boolean))];
}
