/** `ties`: magnitude top-k sparsification plus sign election (mergekit generalized task arithmetic). */
import { createGtaMethod } from "./generalized-task-arithmetic.ts";

/** Spec of mergekit's `ties` method. */
export const ties = createGtaMethod({
  name: "ties",
  pretty: "TIES",
  reference_url: "https://arxiv.org/abs/2306.01708",
  consensus: true,
  sparsifier: "magnitude",
  defaultNormalize: true,
  defaultRescale: false,
});
