/** Every merge method's GPU implementation, by mergekit name. */
import type { MethodName } from "../../core/methods/types.ts";
import { GpuError } from "../errors.ts";
import { taskArithmetic } from "./task-arithmetic.ts";
import { ties } from "./ties.ts";
import { dareTies } from "./dare-ties.ts";
import { dareLinear } from "./dare-linear.ts";
import { breadcrumbs } from "./breadcrumbs.ts";
import { breadcrumbsTies } from "./breadcrumbs-ties.ts";
import { della } from "./della.ts";
import { dellaLinear } from "./della-linear.ts";
import { nearswap } from "./nearswap.ts";
import { ram } from "./ram.ts";
import { ramplusTl } from "./ramplus-tl.ts";
import { arceeFusion } from "./arcee-fusion.ts";
import { sce } from "./sce.ts";
import { karcher } from "./karcher.ts";
import { linear } from "./linear.ts";
import { modelStock } from "./model-stock.ts";
import { multislerp } from "./multislerp.ts";
import { nuslerp } from "./nuslerp.ts";
import { passthrough } from "./passthrough.ts";
import { slerp } from "./slerp.ts";
import type { GpuMethod } from "./types.ts";

const METHODS: readonly GpuMethod[] = [linear, slerp, nuslerp, multislerp, karcher, taskArithmetic, ties, dareTies, dareLinear, breadcrumbs, breadcrumbsTies, della, dellaLinear, modelStock, sce, nearswap, arceeFusion, passthrough, ram, ramplusTl];

/** GPU methods by name. */
export const GPU_METHODS: ReadonlyMap<MethodName, GpuMethod> = new Map(METHODS.map((m) => [m.name, m]));

/** The GPU implementation of `name`, or a clear error. */
export function getGpuMethod(name: MethodName): GpuMethod {
  const method = GPU_METHODS.get(name);
  if (!method) throw new GpuError("GPU_VALIDATION", `Merge method "${name}" has no GPU implementation yet. Known: ${[...GPU_METHODS.keys()].join(", ")}.`);
  return method;
}
