/**
 * Fused raw bf16 -> bf16 weighted sum (shaders/ops/combine-raw.wgsl) and the raw copy of
 * passthrough: fast paths of the elementwise methods that give the same bytes as decode +
 * combine + encode with fewer passes (or, for an unscaled copy, no GPU work at all).
 */
import { createStorageBuffer, readBuffer, uploadBuffer, writeWords } from "../buffers.ts";
import type { MergeContext } from "../merge/context.ts";
import { planTiles, tileElementsFor } from "../merge/tiling.ts";
import type { KernelSource } from "../pipeline-cache.ts";
import { createUniform, runKernel } from "../run-kernel.ts";

const COMBINE_RAW: KernelSource = { file: "ops/combine-raw.wgsl", includes: ["common/bf16.wgsl", "common/index.wgsl"] };
const WG = 256;

/** True when every model and the output are bf16, so combineRawBf16 applies. */
export function allBf16(ctx: MergeContext): boolean {
  return ctx.req.outDtype === "BF16" && ctx.req.models.every((m) => m.dtype === "BF16");
}

/** out = sum_i coef[i] * model_i over every tile, bf16 in and out (see allBf16). */
export async function combineRawBf16(ctx: MergeContext, coef: readonly number[]): Promise<void> {
  const { device, n } = ctx;
  const coefBuf = uploadBuffer(device, Float32Array.from(coef), "combine-raw-coef");
  try {
    // Its own tiles: 2n + 2 bytes per element, not the f32 stacks the general path sizes for,
    // so a unit usually fits one tile (one upload, one dispatch, one read-back).
    const perElement = 2 * n + 2;
    const maxElements = Math.min(tileElementsFor(perElement / 4, device.limits.maxStorageBufferBindingSize, ctx.req.tileBudgetBytes), Math.floor(device.limits.maxStorageBufferBindingSize / (2 * n)));
    for (const tile of planTiles(ctx.numel, ctx.rowLength, maxElements, ctx.req.tensorName)) {
      // Each model's words padded to whole vec4s, so every model starts on a 16-byte boundary.
      const quads = Math.ceil(tile.count / 8);
      const raws = await Promise.all(Array.from({ length: n }, (_, i) => ctx.rawTile(tile, i)));
      const src = createStorageBuffer(device, n * quads * 16, "combine-raw-src");
      const out = createStorageBuffer(device, quads * 16, "combine-raw-out");
      const params = createUniform(device, [quads, tile.count, n, quads], "combine-raw-params");
      try {
        raws.forEach((raw, i) => writeWords(device, src, i * quads * 16, raw));
        runKernel(device, {
          kernel: COMBINE_RAW,
          entry: "combine_bf16_words",
          bindings: ["read", "read", "storage", "uniform"],
          buffers: [src, coefBuf, out, params],
          workgroups: Math.ceil(quads / WG),
          constants: { WG },
        });
        // Destroy the inputs now: the queue keeps them alive until the kernel ran.
        src.destroy();
        await ctx.writeRawTile(tile, new Uint8Array(await readBuffer(device, out, tile.count * 2)));
      } finally {
        src.destroy();
        out.destroy();
        params.destroy();
      }
    }
  } finally {
    coefBuf.destroy();
  }
}

/** Copy model 0 to the output tile by tile (passthrough, scale 1, same dtype in and out). */
export async function copyRaw(ctx: MergeContext): Promise<void> {
  for (const tile of ctx.tiles) await ctx.writeRawTile(tile, await ctx.rawTile(tile, 0));
}
