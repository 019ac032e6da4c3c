/**
 * della_linear (mergekit registry.py: consensus none, sparsification della_magprune, normalize default false,
 * rescale default true). Kernel: shaders/methods/gta.wgsl via gta.ts.
 */
import { gtaMethod } from "./gta.ts";

export const dellaLinear = gtaMethod({ name: "della_linear", consensus: false, sparsifier: "della_magprune", normalizeDefault: false, rescaleDefault: true });
