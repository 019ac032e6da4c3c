/**
 * Factory for mergekit's generalized task arithmetic family (merge_methods/
 * generalized_task_arithmetic.py + sparsify.py): task_arithmetic, ties, dare_ties, dare_linear,
 * breadcrumbs, breadcrumbs_ties, della, della_linear. Each key is one (consensus, sparsifier,
 * default normalize, default rescale) tuple, exactly as mergekit's registry.py lists them.
 */
import type { MethodInputs, MethodName, MethodSpec, ParamSpec } from "./types.ts";
import { DENSITY, INT8_MASK, normalizeParam, WEIGHT } from "./param-specs.ts";

/** How task-vector entries are dropped before merging. */
export type Sparsifier = "none" | "magnitude" | "random" | "magnitude_outliers" | "della_magprune";

/** One registry row of the GTA family. */
export interface GtaVariant {
  name: MethodName;
  pretty: string;
  reference_url: string;
  /** TIES-style sign election ("sum" in mergekit); false = plain weighted sum. */
  consensus: boolean;
  sparsifier: Sparsifier;
  defaultNormalize: boolean;
  defaultRescale: boolean;
}

const GAMMA: ParamSpec = {
  name: "gamma",
  kind: "float",
  default: 0.01,
  required: false,
  min: 0,
  max: 1,
  doc: "Fraction of the largest-magnitude task-vector entries to drop as outliers.",
};

const EPSILON: ParamSpec = {
  name: "epsilon",
  kind: "float",
  default: 0.15,
  required: false,
  min: 0,
  max: 0.5,
  doc: "Keep probability spread: from density-epsilon (smallest) to density+epsilon (largest); both must lie in (0, 1).",
};

function reference(_variant: GtaVariant, _inputs: MethodInputs): Float32Array {
  throw new Error("generalized task arithmetic: reference not implemented yet");
}

/** Build the MethodSpec of one GTA family member. */
export function createGtaMethod(variant: GtaVariant): MethodSpec {
  const perModel: ParamSpec[] = [WEIGHT, DENSITY];
  if (variant.sparsifier === "magnitude_outliers") perModel.push(GAMMA);
  if (variant.sparsifier === "della_magprune") perModel.push(EPSILON);
  return {
    name: variant.name,
    pretty: variant.pretty,
    reference_url: variant.reference_url,
    base: "required",
    globalParams: [
      INT8_MASK,
      normalizeParam(variant.defaultNormalize, "Divide the merged task vector by the sum of the (agreeing) weights."),
      {
        name: "rescale",
        kind: "bool",
        default: variant.defaultRescale,
        required: false,
        doc: "After sparsifying, rescale kept entries so each task vector keeps its L1 norm.",
      },
      {
        name: "lambda",
        kind: "float",
        default: 1.0,
        required: false,
        min: 0,
        max: 2,
        doc: "Multiply the merged task vector by this factor before adding it to the base.",
      },
    ],
    perModelParams: perModel,
    models: { min: 1 },
    reference: (inputs) => reference(variant, inputs),
  };
}
