/** `task_arithmetic`: base plus the weighted sum of task vectors (mergekit generalized task arithmetic). */
import { createGtaMethod } from "./generalized-task-arithmetic.ts";

/** Spec of mergekit's `task_arithmetic` method. */
export const taskArithmetic = createGtaMethod({
  name: "task_arithmetic",
  pretty: "Task Arithmetic",
  reference_url: "https://arxiv.org/abs/2212.04089",
  consensus: false,
  sparsifier: "none",
  defaultNormalize: false,
  defaultRescale: false,
});
