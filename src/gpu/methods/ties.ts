/**
 * ties (mergekit registry.py: consensus "sum", sparsification magnitude, normalize default true,
 * rescale default false). Kernel: shaders/methods/gta.wgsl via gta.ts.
 */
import { gtaMethod } from "./gta.ts";

export const ties = gtaMethod({ name: "ties", consensus: true, sparsifier: "magnitude", normalizeDefault: true, rescaleDefault: false });
