/** Groups of sources merged together (slices, or a models: list), as mergekit normalizes them. */
import type { InputModel, ModelReference, OutputSlice, Parameters, Recipe, RecipePath } from "./types.ts";

/** A list of sources with their paths: a slice, or a `models:` list normalized like mergekit does. */
export interface SourceGroup {
  path: RecipePath;
  sources: { model: ModelReference; parameters?: Parameters; path: RecipePath; layer_range?: [number, number] }[];
  base?: ModelReference;
  slice?: OutputSlice;
  moduleParams?: Parameters;
}

/** Every group of sources the planner will merge together, with the base model in effect. */
export function sourceGroups(r: Recipe): SourceGroup[] {
  const groups: SourceGroup[] = [];
  const fromModels = (models: InputModel[], path: RecipePath, moduleParams?: Parameters): void => {
    groups.push({ path, base: r.base_model, moduleParams, sources: models.map((m, i) => ({ model: m.model, parameters: m.parameters, path: [...path, i] })) });
  };
  const fromSlices = (slices: OutputSlice[], path: RecipePath, moduleParams?: Parameters): void => {
    slices.forEach((s, i) => groups.push({
      path: [...path, i], base: s.base_model ?? r.base_model, slice: s, moduleParams,
      sources: s.sources.map((src, j) => ({ model: src.model, parameters: src.parameters, layer_range: src.layer_range, path: [...path, i, "sources", j] })),
    }));
  };
  if (r.models?.length) fromModels(r.models, ["models"]);
  else if (r.slices?.length) fromSlices(r.slices, ["slices"]);
  else if (r.modules) {
    for (const [name, m] of Object.entries(r.modules)) {
      if (m.slices?.length) fromSlices(m.slices, ["modules", name, "slices"], m.parameters);
      else if (m.models?.length) fromModels(m.models, ["modules", name, "models"], m.parameters);
    }
  }
  return groups;
}

