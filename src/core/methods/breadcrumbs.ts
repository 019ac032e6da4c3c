/** `breadcrumbs`: drops both the smallest and the largest task-vector entries (mergekit generalized task arithmetic). */
import { createGtaMethod } from "./generalized-task-arithmetic.ts";

/** Spec of mergekit's `breadcrumbs` method. */
export const breadcrumbs = createGtaMethod({
  name: "breadcrumbs",
  pretty: "Model Breadcrumbs",
  reference_url: "https://arxiv.org/abs/2312.06795",
  consensus: false,
  sparsifier: "magnitude_outliers",
  defaultNormalize: false,
  defaultRescale: false,
});
