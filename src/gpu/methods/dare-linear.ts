/**
 * dare_linear (mergekit registry.py: consensus none, sparsification random, normalize default false,
 * rescale default true). Kernel: shaders/methods/gta.wgsl via gta.ts.
 */
import { gtaMethod } from "./gta.ts";

export const dareLinear = gtaMethod({ name: "dare_linear", consensus: false, sparsifier: "random", normalizeDefault: false, rescaleDefault: true });
