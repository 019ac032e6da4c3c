import { classifyTensor, layerTensorName } from "../arch/resolve-architecture";
import type { ArchitectureDef } from "../arch/types";
import { dtypeByteSize } from "../safetensors/dtype.ts";
import type { MethodSpec } from "../methods/types";
import type { TensorLocation } from "../model-source/read-model-headers";
import type { Recipe } from "../recipe/types";
import type { NormalizedSlice } from "./normalize-slices";
import type { ProblemList } from "./problems";
import { resolveTensorParams, type TensorPosition } from "../recipe/resolve.ts";
import { resolveShape } from "./resolve-shape";
import type { LayerMapEntry, PlannedSource, PlannedTensor, TensorDtype } from "./types";

/** What the tensor planner knows about each model. */
export interface TensorPlanModel {
  name: string;
  /** modelKey() of the model's reference in the recipe. */
  key: string;
  tensors: Map<string, TensorLocation>;
}

/** Output tensors (not yet placed in shards) and the layer map. */
export interface TensorPlan {
  tensors: Omit<PlannedTensor, "shard" | "offset">[];
  layerMap: LayerMapEntry[];
}

/** Inputs of planTensors. */
export interface TensorPlanInput {
  recipe: Recipe;
  method: MethodSpec;
  arch: ArchitectureDef;
  models: readonly TensorPlanModel[];
  slices: readonly NormalizedSlice[];
  mergeDtype: TensorDtype | null;
  outDtype: TensorDtype | null;
  seed: number;
  /** Output embedding rows when a tokenizer is built (embeddings are remapped, not cropped). */
  embedRows?: number | null;
}

/**
 * mergekit's plan_module/plan_slice/plan_tensor (§3.5): pre-weights from the first slice's
 * models, then every slice's layers renumbered from 0 upwards, then post-weights from the last
 * slice's models; parameters resolved per tensor (t restarts in each slice; pre/post use t=0).
 */
export function planTensors(input: TensorPlanInput, problems: ProblemList): TensorPlan {
  const { arch, slices, models } = input;
  const tensors: TensorPlan["tensors"] = [];
  const layerMap: LayerMapEntry[] = [];
  if (slices.length === 0) return { tensors, layerMap };
  const first = slices[0] as NormalizedSlice;
  const last = slices[slices.length - 1] as NormalizedSlice;

  const sliceNames = (slice: NormalizedSlice, kind: "pre" | "post"): string[] => {
    const listed = kind === "pre" ? arch.preWeights : arch.postWeights;
    return listed.filter((name) =>
      slice.sources.some((s) => models[s.modelIndex]?.tensors.has(name)),
    );
  };

  const plan = (slice: NormalizedSlice, outName: string, inName: (layerStart: number) => string, position: TensorPosition, layerIndex: number | null, isEmbed: boolean): void => {
    const sources: PlannedSource[] = [];
    const inputNames = new Map<string, string>();
    const ordered = [...slice.sources.filter((s) => !isBase(s.modelIndex)), ...slice.sources.filter((s) => isBase(s.modelIndex))];
    for (const s of ordered) {
      const model = models[s.modelIndex] as TensorPlanModel;
      const wanted = inName(s.layerStart);
      const tied = arch.tied[wanted];
      const loc = model.tensors.get(wanted) ?? (tied !== undefined ? model.tensors.get(tied) : undefined);
      if (!loc) {
        problems.addGrouped("error", "missing-tensor", `model '${model.name}' has no tensor '${wanted}' (needed for output '${outName}')`,
          "use models of the same architecture and size, or adjust layer_range so every source has the layers", { tensor: outName, modelIndex: s.modelIndex });
        continue;
      }
      const role = isBase(s.modelIndex) ? "base" : "model";
      const start = loc.dataStart + loc.info.dataOffsets[0];
      const source: PlannedSource = { modelIndex: s.modelIndex, role, tensorName: loc.info.name, file: loc.file, byteRange: [start, loc.dataStart + loc.info.dataOffsets[1]], dtype: loc.info.dtype, shape: [...loc.info.shape] };
      sources.push(source);
      inputNames.set(model.key, loc.info.name);
    }
    if (sources.length === 0) return;
    const params = resolveTensorParams({ recipe: input.recipe, method: input.method, position, outputTensorName: outName, inputTensorNameByModel: inputNames });
    for (const message of params.missing) {
      problems.addGrouped("error", "missing-parameter", `merge_method ${input.method.name}: ${message}`,
        "add the parameter to the model's `parameters:` (or to the top-level `parameters:` for every model)", { tensor: outName });
    }
    const shape = resolveShape(outName, sources, isEmbed, input.method, models.map((m) => m.name), problems, input.embedRows ?? null);
    if (!shape) return;
    // resolveShape may drop sources (GTA skips mismatched models), so pair parameters afterwards.
    const perModel = sources.filter((x) => x.role === "model").map((x) => params.perModel.get(models[x.modelIndex]?.key ?? "") ?? {});
    const stored = (sources[0] as PlannedSource).dtype;
    const mergeDtype = input.mergeDtype ?? stored;
    const dtype = input.outDtype ?? mergeDtype;
    const numel = shape.shape.reduce((a, b) => a * b, 1);
    tensors.push({
      name: outName, shape: shape.shape, dtype, mergeDtype, method: input.method.name, sources,
      global: params.global, perModel, seed: input.seed, layerIndex,
      ...(isEmbed ? { isEmbed } : {}), ...(shape.crop ? { crop: shape.crop } : {}), byteSize: numel * dtypeSize(dtype),
    });

    function isBase(modelIndex: number): boolean {
      return slice.baseModelIndex === modelIndex && input.method.base !== "unused";
    }
  };

  for (const name of sliceNames(first, "pre")) plan(first, name, () => name, { kind: "pre" }, null, arch.embedWeights.includes(name));

  let outLayer = 0;
  slices.forEach((slice, mapIndex) => {
    const length = Math.min(...slice.sources.map((s) => s.layerEnd - s.layerStart));
    const refSource = slice.sources.find((s) => s.modelIndex === slice.baseModelIndex) ?? slice.sources[0];
    if (!refSource) return;
    const refModel = models[refSource.modelIndex] as TensorPlanModel;
    for (let offset = 0; offset < length; offset++, outLayer++) {
      const position: TensorPosition = { kind: "layer", sliceIndex: slice.index, layerIndexInSlice: offset, sliceLayerCount: length };
      const modules = layerModules(refModel, arch, refSource.layerStart + offset);
      layerMap.push({
        outputLayer: outLayer, slice: mapIndex,
        sources: slice.sources.map((s) => ({ modelIndex: s.modelIndex, inputLayer: s.layerStart + offset, role: s.modelIndex === slice.baseModelIndex && input.method.base !== "unused" ? "base" : "model" })),
      });
      const o = outLayer;
      for (const module of modules) {
        plan(slice, layerTensorName(arch, o, module), (start) => layerTensorName(arch, start + offset, module), position, o, false);
      }
    }
  });

  for (const name of sliceNames(last, "post")) plan(last, name, () => name, { kind: "post" }, null, arch.embedWeights.includes(name));
  return { tensors, layerMap };
}

/** Modules of every input layer, sorted ("self_attn.q_proj.weight"...); built once per model. */
const moduleCache = new WeakMap<ArchitectureDef, WeakMap<Map<string, TensorLocation>, Map<number, string[]>>>();

function layerModules(model: TensorPlanModel, arch: ArchitectureDef, layer: number): string[] {
  let perArch = moduleCache.get(arch);
  if (!perArch) moduleCache.set(arch, (perArch = new WeakMap()));
  let byLayer = perArch.get(model.tensors);
  if (!byLayer) {
    byLayer = new Map();
    for (const name of model.tensors.keys()) {
      const place = classifyTensor(name, arch);
      if (place?.kind === "layer" && place.layerIndex !== null) {
        const list = byLayer.get(place.layerIndex) ?? [];
        list.push(place.module);
        byLayer.set(place.layerIndex, list);
      }
    }
    for (const list of byLayer.values()) list.sort();
    perArch.set(model.tensors, byLayer);
  }
  return byLayer.get(layer) ?? [];
}



/** Bytes per element of a dtype. */
export const dtypeSize = (dtype: TensorDtype): number => dtypeByteSize(dtype);
