/**
 * breadcrumbs (mergekit registry.py: consensus none, sparsification magnitude_outliers, normalize default false,
 * rescale default false). Kernel: shaders/methods/gta.wgsl via gta.ts.
 */
import { gtaMethod } from "./gta.ts";

export const breadcrumbs = gtaMethod({ name: "breadcrumbs", consensus: false, sparsifier: "magnitude_outliers", normalizeDefault: false, rescaleDefault: false });
