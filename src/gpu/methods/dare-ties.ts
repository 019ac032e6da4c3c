/**
 * dare_ties (mergekit registry.py: consensus "sum", sparsification random, normalize default false,
 * rescale default true). Kernel: shaders/methods/gta.wgsl via gta.ts.
 */
import { gtaMethod } from "./gta.ts";

export const dareTies = gtaMethod({ name: "dare_ties", consensus: true, sparsifier: "random", normalizeDefault: false, rescaleDefault: true });
