/**
 * Factory for mergekit's generalized task arithmetic family (merge_methods/
 * generalized_task_arithmetic.py + sparsify.py): task_arithmetic, ties, dare_ties, dare_linear,
 * breadcrumbs, breadcrumbs_ties, della, della_linear. Each key is one (consensus, sparsifier,
 * default normalize, default rescale) tuple, exactly as mergekit's registry.py lists them.
 */
import type { MethodInputs, MethodName, MethodSpec, ParamSpec } from "./types.ts";
import { DENSITY, INT8_MASK, normalizeParam, WEIGHT } from "./param-specs.ts";
import { sparsify } from "./sparsify.ts";
import { checkInputs, globalBool, globalNumber, perModelNumber, subtract } from "./tensor-utils.ts";
import { createUniformStream } from "../numeric/prng.ts";

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

/**
 * base + λ · merge(sparsify(δ_i)), δ_i = T_i − base. With consensus, an entry counts only where
 * the sign of w_i·δ_i equals the sign of Σ_i w_i·δ_i (a zero sum elects +; zero entries never
 * count), and normalize divides by the sum of the agreeing weights (0 → 1). Without consensus,
 * normalize divides by Σ w_i (|Σw| < 1e-8 → 1).
 */
function reference(v: GtaVariant, inputs: MethodInputs): Float32Array {
  const m = v.name;
  const n = checkInputs(m, inputs, { base: "required", min: 1 });
  const base = inputs.base as Float32Array;
  const normalize = globalBool(inputs, "normalize", v.defaultNormalize);
  const rescale = globalBool(inputs, "rescale", v.defaultRescale);
  const lambda = globalNumber(m, inputs, "lambda", 1);
  const weights = inputs.models.map((_, i) => perModelNumber(m, inputs, i, "weight"));
  const deltas = inputs.models.map((model, i) => {
    const delta = subtract(model, base);
    if (v.sparsifier === "none") return delta;
    return sparsify({
      method: m,
      kind: v.sparsifier,
      delta,
      shape: inputs.shape,
      density: perModelNumber(m, inputs, i, "density", 1),
      rescale,
      gamma: perModelNumber(m, inputs, i, "gamma", 0.01),
      epsilon: perModelNumber(m, inputs, i, "epsilon", 0.15),
      uniform: createUniformStream(inputs.seed, inputs.tensorName, i),
    });
  });
  const wsum = weights.reduce((a, b) => a + b, 0);
  const plainDiv = Math.abs(wsum) < 1e-8 ? 1 : wsum;
  const out = new Float32Array(n);
  const wd = new Float64Array(deltas.length);
  for (let j = 0; j < n; j++) {
    let total = 0;
    for (let i = 0; i < deltas.length; i++) {
      wd[i] = weights[i] * deltas[i][j];
      total += wd[i];
    }
    let mixed = total;
    let div = plainDiv;
    if (v.consensus) {
      const majority = total >= 0 ? 1 : -1;
      mixed = 0;
      div = 0;
      for (let i = 0; i < wd.length; i++) {
        const agree = Math.sign(wd[i]) === majority ? 1 : 0;
        mixed += wd[i] * agree; // NaN * 0 stays NaN, as in torch
        div += weights[i] * agree;
      }
      if (div === 0) div = 1;
    }
    if (normalize) mixed /= div;
    out[j] = base[j] + lambda * mixed;
  }
  return out;
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
