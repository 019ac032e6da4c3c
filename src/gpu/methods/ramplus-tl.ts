/** ramplus_tl (mergekit merge_methods/ram.py). Kernel: shaders/methods/ram.wgsl via ram-common.ts. */
import { runRam } from "./ram-common.ts";
import type { GpuMethod } from "./types.ts";

export const ramplusTl: GpuMethod = {
  name: "ramplus_tl",
  kernels: ["methods/ram.wgsl"],
  contextOptions: () => ({ delta: true, scratchPerModel: 0, scratch: 1 }),
  run: (ctx) => runRam(ctx, true),
};
