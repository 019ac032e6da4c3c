/**
 * Model references as mergekit reads them (common.py ModelPath / ModelReference): the string
 * forms `path`, `path@rev`, `base+lora`, `base@v1+lora@main`, and the dict form.
 */
import type { ModelPath, ModelReference } from "./types.ts";

/** Parses `path[@revision]`; returns an error message instead of throwing. */
export function parseModelPath(text: string): ModelPath | string {
  const parts = text.split("@");
  if (parts.length > 2) return `model path '${text}' has more than one '@'; write it as org/name@revision`;
  const path = parts[0] ?? "";
  if (path.trim() === "") return `model path '${text}' is empty; write it as org/name or org/name@revision`;
  if (parts.length === 2) {
    const revision = parts[1] ?? "";
    if (revision === "") return `model path '${text}' ends with '@' but names no revision; remove the '@' or add a branch, tag or commit sha`;
    return { path, revision };
  }
  return { path };
}

/** Parses the string form of a model reference (`base[+lora]`); returns an error message instead of throwing. */
export function parseModelReference(text: string): ModelReference | string {
  const chunks = text.split("+");
  if (chunks.length > 2) return `model reference '${text}' has more than one '+'; only one LoRA can be applied (base+lora)`;
  const model = parseModelPath(chunks[0] ?? "");
  if (typeof model === "string") return model;
  if (chunks.length === 1) return { model };
  const lora = parseModelPath(chunks[1] ?? "");
  if (typeof lora === "string") return lora;
  return { model, lora };
}

/** `path` or `path@revision`. */
export function formatModelPath(p: ModelPath): string {
  return p.revision !== undefined ? `${p.path}@${p.revision}` : p.path;
}

/**
 * The string form of a reference (`base@rev+lora@rev`), or null when only the dict form can say
 * it (override_architecture, or a path containing '@' or '+').
 */
export function modelReferenceString(ref: ModelReference): string | null {
  if (ref.override_architecture !== undefined) return null;
  const paths = ref.lora ? [ref.model, ref.lora] : [ref.model];
  if (paths.some((p) => p.path.includes("@") || p.path.includes("+") || (p.revision ?? "").includes("+"))) return null;
  return paths.map(formatModelPath).join("+");
}

/**
 * A stable identity key: two references are the same model exactly when mergekit's
 * ModelReference equality says so (path, revision, lora, override_architecture).
 */
export function modelKey(ref: ModelReference): string {
  const base = [ref.model, ...(ref.lora ? [ref.lora] : [])].map(formatModelPath).join("+");
  return ref.override_architecture !== undefined ? `${base}#${ref.override_architecture}` : base;
}

/** True when a path names something on the user's disk rather than a Hub repo. */
export function isLocalPath(path: string): boolean {
  return /^(\/|\.\.?(\/|\\|$)|~|file:|[A-Za-z]:[\\/]|\\\\)/.test(path);
}
