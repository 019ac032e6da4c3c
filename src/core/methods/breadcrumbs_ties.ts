/** `breadcrumbs_ties`: breadcrumbs sparsification plus sign election (mergekit generalized task arithmetic). */
import { createGtaMethod } from "./generalized-task-arithmetic.ts";

/** Spec of mergekit's `breadcrumbs_ties` method. */
export const breadcrumbsTies = createGtaMethod({
  name: "breadcrumbs_ties",
  pretty: "Model Breadcrumbs with TIES",
  reference_url: "https://arxiv.org/abs/2312.06795",
  consensus: true,
  sparsifier: "magnitude_outliers",
  defaultNormalize: false,
  defaultRescale: false,
});
