/**
 * sce (mergekit merge_methods/sce.py): variance top-k mask over the whole tensor (GPU radix
 * select), unweighted sign election, per-model weights from mean squares (finished on the CPU).
 * Per-model weight/density are ignored, as in mergekit. Kernel: shaders/methods/sce.wgsl.
 */
import { uploadBuffer } from "../buffers.ts";
import type { LoadedTile, MergeContext } from "../merge/context.ts";
import { f32Buffer } from "../ops/codec.ts";
import { selectRanks } from "../ops/radix-select.ts";
import { reduceBatch } from "../ops/reduce.ts";
import type { KernelSource } from "../pipeline-cache.ts";
import { createUniform, runKernel } from "../run-kernel.ts";
import { globalNumber, requireBase, requireModels } from "./params.ts";
import type { GpuMethod } from "./types.ts";

const SCE: KernelSource = { file: "methods/sce.wgsl", includes: ["common/index.wgsl"] };
const WG = 256;
const BINDINGS = ["read", "read", "read", "storage", "storage", "uniform"] as const;

async function runSce(ctx: MergeContext): Promise<void> {
  requireBase(ctx);
  requireModels(ctx, 1);
  const { device, n, numel } = ctx;
  const topk = globalNumber(ctx, "select_topk", 1);
  const dummy = f32Buffer(device, 4, "sce-dummy");
  let s = new Float32Array(n);
  let maskMode = topk < 1 ? (topk <= 0 ? 1 : 2) : 0;
  let thr = 0;
  const run = (entry: string, loaded: LoadedTile, masked: GPUBuffer, out: GPUBuffer) => {
    const sBuf = uploadBuffer(device, s, "sce-s");
    const u = createUniform(device, [loaded.tile.count, n, maskMode, { f: thr }], "sce-params");
    runKernel(device, { kernel: SCE, entry, bindings: BINDINGS, buffers: [loaded.stack, loaded.base!, sBuf, masked, out, u], workgroups: Math.ceil(loaded.tile.count / WG), constants: { WG } });
    sBuf.destroy();
    u.destroy();
  };
  const withTiles = async (fn: (loaded: LoadedTile) => Promise<void> | void) => {
    for (const tile of ctx.tiles) {
      const loaded = await ctx.load(tile);
      await fn(loaded);
      ctx.release(loaded);
    }
  };
  try {
    if (maskMode === 2) {
      // Variance keys per tile; count nonzero, then the k-th largest by radix select.
      let nnz = 0;
      await withTiles(async (loaded) => {
        const keys = f32Buffer(device, loaded.tile.count, "sce-var");
        run("sce_variance", loaded, dummy, keys);
        nnz += (await reduceBatch(device, [{ op: "nonzero", a: keys, offA: 0, count: loaded.tile.count }]))[0][0];
        keys.destroy();
      });
      const k = Math.trunc(nnz * topk);
      if (k === 0) maskMode = 1;
      else {
        const [sel] = await selectRanks(
          device,
          (use) =>
            withTiles((loaded) => {
              const keys = f32Buffer(device, loaded.tile.count, "sce-var");
              run("sce_variance", loaded, dummy, keys);
              use({ buf: keys, off: 0, count: loaded.tile.count });
              keys.destroy();
            }),
          numel,
          [numel - k],
        );
        thr = sel.value;
      }
    }
    const sums = new Float64Array(n);
    await withTiles(async (loaded) => {
      const masked = f32Buffer(device, n * loaded.tile.count, "sce-masked");
      run("sce_mask", loaded, masked, dummy);
      const r = await reduceBatch(device, Array.from({ length: n }, (_, i) => ({ op: "sq" as const, a: masked, offA: i * loaded.tile.count, count: loaded.tile.count })));
      r.forEach((v, i) => (sums[i] += v[0]));
      masked.destroy();
    });
    const means = Array.from(sums, (x) => x / numel);
    const total = means.reduce((a, b) => a + b, 0);
    s = Float32Array.from(means, (m) => (Math.abs(total) < 1e-6 ? 1 / n : m / total));
    for (const tile of ctx.tiles) {
      const loaded = await ctx.load(tile);
      const masked = f32Buffer(device, n * tile.count, "sce-masked");
      const out = f32Buffer(device, tile.count, "sce-out");
      run("sce_mask", loaded, masked, dummy);
      run("sce_merge", loaded, masked, out);
      await ctx.writeTile(tile, out);
      masked.destroy();
      out.destroy();
      ctx.release(loaded);
    }
  } finally {
    dummy.destroy();
  }
}

export const sce: GpuMethod = {
  name: "sce",
  kernels: ["methods/sce.wgsl", "ops/radix-select.wgsl", "ops/reduce.wgsl"],
  contextOptions: () => ({ delta: true, scratchPerModel: 1, scratch: 2 }),
  run: runSce,
};
