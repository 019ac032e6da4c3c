/** nearswap (mergekit merge_methods/nearswap.py). Kernel: shaders/methods/nearswap.wgsl. */
import { f32Buffer } from "../ops/codec.ts";
import type { KernelSource } from "../pipeline-cache.ts";
import { createUniform, runKernel } from "../run-kernel.ts";
import { globalNumber, requireBase, requireModels } from "./params.ts";
import type { GpuMethod } from "./types.ts";

const NEARSWAP: KernelSource = { file: "methods/nearswap.wgsl", includes: ["common/index.wgsl"] };
const WG = 256;

export const nearswap: GpuMethod = {
  name: "nearswap",
  kernels: ["methods/nearswap.wgsl"],
  contextOptions: () => ({ delta: false, scratchPerModel: 0, scratch: 1 }),
  async run(ctx) {
    requireBase(ctx);
    requireModels(ctx, 1, 1);
    const t = globalNumber(ctx, "t");
    for (const tile of ctx.tiles) {
      const loaded = await ctx.load(tile);
      const out = f32Buffer(ctx.device, tile.count, "nearswap-out");
      const u = createUniform(ctx.device, [tile.count, { f: t }], "nearswap-params");
      runKernel(ctx.device, { kernel: NEARSWAP, entry: "nearswap_main", bindings: ["read", "read", "storage", "uniform"], buffers: [loaded.stack, loaded.base!, out, u], workgroups: Math.ceil(tile.count / WG), constants: { WG } });
      u.destroy();
      await ctx.writeTile(tile, out);
      out.destroy();
      ctx.release(loaded);
    }
  },
};
