/** `dare_linear`: random drop with L1 rescale, weighted sum (mergekit generalized task arithmetic). */
import { createGtaMethod } from "./generalized-task-arithmetic.ts";

/** Spec of mergekit's `dare_linear` method. */
export const dareLinear = createGtaMethod({
  name: "dare_linear",
  pretty: "DARE Linear",
  reference_url: "https://arxiv.org/abs/2311.03099",
  consensus: false,
  sparsifier: "random",
  defaultNormalize: false,
  defaultRescale: true,
});
