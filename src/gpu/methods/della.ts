/**
 * della (mergekit registry.py: consensus "sum", sparsification della_magprune, normalize default true,
 * rescale default true). Kernel: shaders/methods/gta.wgsl via gta.ts.
 */
import { gtaMethod } from "./gta.ts";

export const della = gtaMethod({ name: "della", consensus: true, sparsifier: "della_magprune", normalizeDefault: true, rescaleDefault: true });
