/** Shared driver of ram and ramplus_tl (shaders/methods/ram.wgsl). */
import { createStorageBuffer, readBuffer, uploadBuffer } from "../buffers.ts";
import type { MergeContext } from "../merge/context.ts";
import { f32Buffer } from "../ops/codec.ts";
import type { KernelSource } from "../pipeline-cache.ts";
import { createUniform, runKernel } from "../run-kernel.ts";
import { globalNumber, requireBase, requireModels } from "./params.ts";

const RAM: KernelSource = { file: "methods/ram.wgsl", includes: ["common/index.wgsl"] };
const WG = 256;
const BINDINGS = ["read", "read", "read", "storage", "storage", "uniform"] as const;

/** Run ram (plus = false) or ramplus_tl (plus = true). */
export async function runRam(ctx: MergeContext, plus: boolean): Promise<void> {
  requireBase(ctx);
  requireModels(ctx, 1);
  const { device, n } = ctx;
  const epsilon = globalNumber(ctx, "epsilon", 1e-5);
  const counts = createStorageBuffer(device, 2 * n * 4, "ram-counts");
  const scratch = f32Buffer(device, 4, "ram-scratch");
  const dispatch = (entry: string, lambda: Float32Array, out: GPUBuffer, tileCount: number, stack: GPUBuffer, base: GPUBuffer) => {
    const lambdaBuf = uploadBuffer(device, lambda, "ram-lambda");
    const u = createUniform(device, [tileCount, n, { f: epsilon }], "ram-params");
    runKernel(device, { kernel: RAM, entry, bindings: BINDINGS, buffers: [stack, base, lambdaBuf, out, counts, u], workgroups: Math.ceil(tileCount / WG), constants: { WG } });
    lambdaBuf.destroy();
    u.destroy();
  };
  try {
    let lambda = new Float32Array(n).fill(1);
    if (plus) {
      const r = globalNumber(ctx, "r", 0.1);
      const alpha = globalNumber(ctx, "alpha", 0.2);
      for (const tile of ctx.tiles) {
        const loaded = await ctx.load(tile);
        dispatch("ram_counts", lambda, scratch, tile.count, loaded.stack, loaded.base!);
        ctx.release(loaded);
      }
      const c = new Uint32Array(await readBuffer(device, counts, 2 * n * 4));
      lambda = Float32Array.from({ length: n }, (_, i) => 1 + r * Math.min(alpha, Math.max(0, c[2 * i] / Math.max(c[2 * i + 1], epsilon))));
    }
    for (const tile of ctx.tiles) {
      const loaded = await ctx.load(tile);
      const out = f32Buffer(device, tile.count, "ram-out");
      dispatch("ram_merge", lambda, out, tile.count, loaded.stack, loaded.base!);
      await ctx.writeTile(tile, out);
      out.destroy();
      ctx.release(loaded);
    }
  } finally {
    counts.destroy();
    scratch.destroy();
  }
}
