/** Final pass shared by methods that end in a weighted sum (see shaders/ops/combine.wgsl). */
import type { MergeContext } from "../merge/context.ts";
import { combineTile, type SegmentMode } from "../ops/combine.ts";

/** Coefficients for the whole tensor ("all": n+1 numbers) or per row / column (segment-major). */
export interface Coefficients {
  mode: SegmentMode;
  coef: Float32Array;
}

/** Write out = sum_i c_i * model_i + c_n * base over every tile. */
export async function writeCombination(ctx: MergeContext, c: Coefficients): Promise<void> {
  for (const tile of ctx.tiles) {
    const loaded = await ctx.load(tile);
    const out = combineTile(ctx.device, loaded, ctx.n, c.coef, c.mode, ctx.rowLength);
    await ctx.writeTile(tile, out);
    out.destroy();
    ctx.release(loaded);
  }
}

/** n+1 coefficients for the whole tensor: models then base. */
export function wholeTensor(models: readonly number[], base: number): Coefficients {
  return { mode: "all", coef: Float32Array.from([...models, base]) };
}
