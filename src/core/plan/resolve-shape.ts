import type { MethodSpec } from "../methods/types";
import type { ProblemList } from "./problems";
import type { PlannedSource } from "./types";

/** Methods that crop embeddings to the common submatrix (rectify_embed_sizes, §1.1). */
const RECTIFY = new Set(["linear", "slerp", "nuslerp", "model_stock", "arcee_fusion"]);
/** Generalized task arithmetic: embeddings cropped to the base size, other mismatches skipped. */
const GTA = new Set(["task_arithmetic", "ties", "dare_ties", "dare_linear", "breadcrumbs", "breadcrumbs_ties", "della", "della_linear"]);

/**
 * The output shape of one tensor from its sources' shapes, following mergekit: equal shapes
 * pass; embeddings of different vocab sizes are cropped where the method does so; anything
 * else is a problem. Returns null when the tensor cannot be merged. Mutates `sources` only by
 * dropping GTA models whose non-embedding shape differs (mergekit skips them with a warning).
 */
export function resolveShape(
  name: string,
  sources: PlannedSource[],
  isEmbed: boolean,
  method: MethodSpec,
  modelNames: readonly string[],
  problems: ProblemList,
  /** Output rows of a built tokenizer: embeddings are remapped to [embedRows, hidden], not cropped. */
  embedRows: number | null = null,
): { shape: number[]; crop?: number[] } | null {
  const first = sources[0] as PlannedSource;
  if (isEmbed && embedRows !== null && sources.every((s) => s.shape.length === 2 && s.shape[1] === first.shape[1])) {
    return { shape: [embedRows, first.shape[1] as number] };
  }
  const same = sources.every((s) => s.shape.length === first.shape.length && s.shape.every((d, i) => d === first.shape[i]));
  if (same) return { shape: [...first.shape] };
  const describe = sources.map((s) => `${modelNames[s.modelIndex] ?? "?"} [${s.shape.join(", ")}]`).join(", ");
  const all2d = sources.every((s) => s.shape.length === 2);
  if (isEmbed && all2d && (RECTIFY.has(method.name) || GTA.has(method.name))) {
    const base = sources.find((s) => s.role === "base");
    const shape = GTA.has(method.name) && base
      ? [...base.shape]
      : [Math.min(...sources.map((s) => s.shape[0] as number)), Math.min(...sources.map((s) => s.shape[1] as number))];
    problems.add("warning", "vocab-mismatch", `embedding '${name}' differs in size between models (${describe}); mergekit crops it to [${shape.join(", ")}] and keeps config.json's vocab_size`,
      "set `tokenizer_source: base` (or a `tokenizer:` block) to merge the vocabularies properly, or merge models that share a tokenizer", { tensor: name });
    return { shape, crop: shape };
  }
  if (GTA.has(method.name) && !isEmbed) {
    const base = sources.find((s) => s.role === "base");
    if (base) {
      const keep = sources.filter((s) => s.shape.length === base.shape.length && s.shape.every((d, i) => d === base.shape[i]));
      for (const s of sources) {
        if (!keep.includes(s)) {
          problems.add("warning", "shape-mismatch-skipped", `tensor '${name}' of model '${modelNames[s.modelIndex] ?? "?"}' has shape [${s.shape.join(", ")}] but the base has [${base.shape.join(", ")}]; ${method.name} skips this model for this tensor`,
            "check that every model has the base model's architecture and size", { tensor: name, modelIndex: s.modelIndex });
        }
      }
      sources.splice(0, sources.length, ...keep);
      return { shape: [...base.shape] };
    }
  }
  // Point at the odd one out: the first model whose shape differs from the most common one.
  const key = (s: PlannedSource): string => s.shape.join(",");
  const counts = new Map<string, number>();
  for (const s of sources) counts.set(key(s), (counts.get(key(s)) ?? 0) + 1);
  const common = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const odd = sources.find((s) => key(s) !== common) ?? first;
  problems.add("error", "shape-mismatch", `tensor '${name}' has different shapes across models: ${describe}; ${method.name} cannot merge them`,
    isEmbed ? "merge models with the same vocabulary, or use linear/slerp/ties (they crop embeddings) or a tokenizer_source" : "merge models of the same architecture and size (same hidden size, heads and layers)", { tensor: name, modelIndex: odd.modelIndex });
  return null;
}
