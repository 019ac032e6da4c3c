/**
 * breadcrumbs_ties (mergekit registry.py: consensus "sum", sparsification magnitude_outliers, normalize default false,
 * rescale default false). Kernel: shaders/methods/gta.wgsl via gta.ts.
 */
import { gtaMethod } from "./gta.ts";

export const breadcrumbsTies = gtaMethod({ name: "breadcrumbs_ties", consensus: true, sparsifier: "magnitude_outliers", normalizeDefault: false, rescaleDefault: false });
