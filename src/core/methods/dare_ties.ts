/** `dare_ties`: random drop with L1 rescale plus sign election (mergekit generalized task arithmetic). */
import { createGtaMethod } from "./generalized-task-arithmetic.ts";

/** Spec of mergekit's `dare_ties` method. */
export const dareTies = createGtaMethod({
  name: "dare_ties",
  pretty: "DARE TIES",
  reference_url: "https://arxiv.org/abs/2311.03099",
  consensus: true,
  sparsifier: "random",
  defaultNormalize: false,
  defaultRescale: true,
});
