/**
 * The merge methods, as one literal array (no decorators, no import side effects). The recipe
 * validator reads specs from here; the GPU runtime mirrors it with one kernel per name.
 */
import type { MethodName, MethodSpec } from "./types.ts";
import { linear } from "./linear.ts";
import { slerp } from "./slerp.ts";
import { nuslerp } from "./nuslerp.ts";
import { multislerp } from "./multislerp.ts";
import { karcher } from "./karcher.ts";
import { taskArithmetic } from "./task_arithmetic.ts";
import { ties } from "./ties.ts";
import { dareTies } from "./dare_ties.ts";
import { dareLinear } from "./dare_linear.ts";
import { breadcrumbs } from "./breadcrumbs.ts";
import { breadcrumbsTies } from "./breadcrumbs_ties.ts";
import { della } from "./della.ts";
import { dellaLinear } from "./della_linear.ts";
import { modelStock } from "./model_stock.ts";
import { sce } from "./sce.ts";
import { nearswap } from "./nearswap.ts";
import { arceeFusion } from "./arcee_fusion.ts";
import { passthrough } from "./passthrough.ts";
import { ram } from "./ram.ts";
import { ramplusTl } from "./ramplus_tl.ts";

/** Every merge method mergekit registers, in mergekit's documentation order. */
export const METHODS: readonly MethodSpec[] = [
  linear, slerp, nuslerp, multislerp, karcher, taskArithmetic, ties, dareTies, dareLinear,
  breadcrumbs, breadcrumbsTies, della, dellaLinear, modelStock, sce, nearswap, arceeFusion,
  passthrough, ram, ramplusTl,
];

/** The merge_method keys, in the order of METHODS. */
export const METHOD_NAMES: readonly MethodName[] = METHODS.map((m) => m.name);

const BY_NAME = new Map<string, MethodSpec>(METHODS.map((m) => [m.name, m]));

/** The spec of a merge_method key, or undefined for an unknown key. */
export function getMethod(name: string): MethodSpec | undefined {
  return BY_NAME.get(name);
}
