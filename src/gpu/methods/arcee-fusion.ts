/**
 * arcee_fusion (mergekit merge_methods/arcee_fusion.py): per-row KL importance, a threshold from
 * whole-tensor quantiles (GPU radix select), then take the other model where important.
 * Known difference: for tensors over 1e6 elements mergekit estimates the quantiles on an unseeded
 * random sample of 1e6 importances; here they are exact over all elements (deterministic).
 * Kernel: shaders/methods/arcee_fusion.wgsl.
 */
import type { LoadedTile, MergeContext } from "../merge/context.ts";
import { f32Buffer } from "../ops/codec.ts";
import { selectRanks } from "../ops/radix-select.ts";
import type { KernelSource } from "../pipeline-cache.ts";
import { createUniform, runKernel } from "../run-kernel.ts";
import { requireBase, requireModels } from "./params.ts";
import type { GpuMethod } from "./types.ts";

const FUSION: KernelSource = { file: "methods/arcee_fusion.wgsl", includes: ["common/index.wgsl"] };
const WG = 256;
const BINDINGS = ["read", "read", "storage", "storage", "uniform"] as const;

async function runFusion(ctx: MergeContext): Promise<void> {
  requireBase(ctx);
  requireModels(ctx, 1, 1);
  const { device, numel, rowLength } = ctx;
  let thr = 0;
  const run = (entry: string, loaded: LoadedTile, kl: GPUBuffer, out: GPUBuffer, groups: number) => {
    const u = createUniform(device, [loaded.tile.count, rowLength, { f: thr }], "fusion-params");
    runKernel(device, { kernel: FUSION, entry, bindings: BINDINGS, buffers: [loaded.stack, loaded.base!, kl, out, u], workgroups: groups });
    u.destroy();
  };
  /** KL per row of the tile, then `then(kl)`. */
  const withKl = async (fn: (loaded: LoadedTile, kl: GPUBuffer) => Promise<void> | void) => {
    for (const tile of ctx.tiles) {
      const loaded = await ctx.load(tile);
      const rows = tile.count / rowLength;
      const kl = f32Buffer(device, rows, "fusion-kl");
      const dummy = f32Buffer(device, 4, "fusion-dummy");
      run("arcee_kl", loaded, kl, dummy, rows);
      dummy.destroy();
      await fn(loaded, kl);
      kl.destroy();
      ctx.release(loaded);
    }
  };
  const q = (p: number) => Math.floor(p * (numel - 1));
  const [q25, q50, q75] = await selectRanks(
    device,
    (use) =>
      withKl((loaded, kl) => {
        const keys = f32Buffer(device, loaded.tile.count, "fusion-imp");
        run("arcee_importance", loaded, kl, keys, Math.ceil(loaded.tile.count / WG));
        use({ buf: keys, off: 0, count: loaded.tile.count });
        keys.destroy();
      }),
    numel,
    [q(0.25), q(0.5), q(0.75)],
  );
  thr = q50.value + 1.5 * (q75.value - q25.value);
  await withKl(async (loaded, kl) => {
    const out = f32Buffer(device, loaded.tile.count, "fusion-out");
    run("arcee_merge", loaded, kl, out, Math.ceil(loaded.tile.count / WG));
    await ctx.writeTile(loaded.tile, out);
    out.destroy();
  });
}

export const arceeFusion: GpuMethod = {
  name: "arcee_fusion",
  kernels: ["methods/arcee_fusion.wgsl", "ops/radix-select.wgsl"],
  contextOptions: () => ({ delta: false, scratchPerModel: 0, scratch: 2 }),
  run: runFusion,
};
