/** `della`: magnitude-ranked random drop plus sign election (mergekit generalized task arithmetic). */
import { createGtaMethod } from "./generalized-task-arithmetic.ts";

/** Spec of mergekit's `della` method. */
export const della = createGtaMethod({
  name: "della",
  pretty: "DELLA",
  reference_url: "https://arxiv.org/abs/2406.11617",
  consensus: true,
  sparsifier: "della_magprune",
  defaultNormalize: true,
  defaultRescale: true,
});
