import type { Parameters, Recipe } from "../recipe/types";
import type { ProblemList } from "./problems";

/** One input of an output slice, with model references turned into model indices. */
export interface SliceSource {
  modelIndex: number;
  layerStart: number;
  layerEnd: number;
  parameters: Parameters | undefined;
  /** YAML path for messages, e.g. "slices[1].sources[0]". */
  where: string;
  /** The same as a YAML node path. */
  path: (string | number)[];
}

/** An output slice after mergekit's normalize_config. */
export interface NormalizedSlice {
  sources: SliceSource[];
  /** Base model of this slice (slice base_model, else the top-level one), or null. */
  baseModelIndex: number | null;
  parameters: Parameters | undefined;
  /** True when it came from `slices:` (then config.json's layer count is rewritten). */
  explicit: boolean;
  /** Index of the slice in the recipe (for parameter resolution). */
  index: number;
}

/**
 * mergekit's MergePlanner.normalize_config (§2.2): `models:` becomes one slice over every
 * model's full layer range, with the base model appended when not listed; `slices:` stay.
 * `indexOf` maps a model reference (as its modelKey) to the plan's model index.
 */
export function normalizeSlices(
  recipe: Recipe,
  indexOf: (ref: NonNullable<Recipe["base_model"]>) => number,
  layerCount: (modelIndex: number) => number,
  problems: ProblemList,
): NormalizedSlice[] {
  const topBase = recipe.base_model ? indexOf(recipe.base_model) : null;
  if (recipe.modules) {
    problems.add("error", "modules-unsupported", "the recipe uses `modules:` (multi-module models such as VLMs); only single-module decoders are supported", "write the merge with `models:` or `slices:` for the text model");
    return [];
  }
  if (recipe.models) {
    const sources: SliceSource[] = recipe.models.map((m, i) => {
      const modelIndex = indexOf(m.model);
      return { modelIndex, layerStart: 0, layerEnd: layerCount(modelIndex), parameters: m.parameters, where: `models[${i}]`, path: ["models", i] };
    });
    if (topBase !== null && !sources.some((s) => s.modelIndex === topBase)) {
      sources.push({ modelIndex: topBase, layerStart: 0, layerEnd: layerCount(topBase), parameters: undefined, where: "base_model", path: ["base_model"] });
    }
    return [{ sources, baseModelIndex: topBase, parameters: undefined, explicit: false, index: 0 }];
  }
  return (recipe.slices ?? []).map((slice, si) => ({
    sources: slice.sources.map((s, i) => ({
      modelIndex: indexOf(s.model),
      layerStart: s.layer_range[0],
      layerEnd: s.layer_range[1],
      parameters: s.parameters,
      where: `slices[${si}].sources[${i}]`,
      path: ["slices", si, "sources", i],
    })),
    baseModelIndex: slice.base_model ? indexOf(slice.base_model) : topBase,
    parameters: slice.parameters,
    explicit: true,
    index: si,
  }));
}
