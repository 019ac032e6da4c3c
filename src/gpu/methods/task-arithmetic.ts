/**
 * task_arithmetic (mergekit registry.py: consensus none, sparsification none, normalize default false,
 * rescale default false). Kernel: shaders/methods/gta.wgsl via gta.ts.
 */
import { gtaMethod } from "./gta.ts";

export const taskArithmetic = gtaMethod({ name: "task_arithmetic", consensus: false, sparsifier: "none", normalizeDefault: false, rescaleDefault: false });
