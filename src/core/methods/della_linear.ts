/** `della_linear`: magnitude-ranked random drop, weighted sum (mergekit generalized task arithmetic). */
import { createGtaMethod } from "./generalized-task-arithmetic.ts";

/** Spec of mergekit's `della_linear` method. */
export const dellaLinear = createGtaMethod({
  name: "della_linear",
  pretty: "DELLA Linear",
  reference_url: "https://arxiv.org/abs/2406.11617",
  consensus: false,
  sparsifier: "della_magprune",
  defaultNormalize: false,
  defaultRescale: true,
});
