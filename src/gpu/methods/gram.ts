/**
 * Gram matrices of the model tiles (plus the base as the last vector when asked): G[a][b] =
 * sum over a segment of v_a * v_b, for the whole tensor, per row or per column. Per-tensor scalars
 * (angles, norms) are then finished on the CPU in f64 from these sums, as the golden README advises.
 */
import type { MergeContext } from "../merge/context.ts";
import { reduceBatch, type ReduceItem } from "../ops/reduce.ts";
import type { SegmentMode } from "../ops/combine.ts";

export interface Gram {
  /** Vectors per segment (n, or n+1 with the base last). */
  m: number;
  segments: number;
  /** get(s, a, b) = G_s[a][b]. */
  get(s: number, a: number, b: number): number;
}

/** Segment count of a mode for this tensor. */
export function segmentCount(ctx: MergeContext, mode: SegmentMode): number {
  return mode === "all" ? 1 : mode === "rows" ? ctx.rows : ctx.rowLength;
}

/** Sums of products over every pair of vectors, per segment of `mode`. */
export async function gramMatrix(ctx: MergeContext, withBase: boolean, mode: SegmentMode): Promise<Gram> {
  const m = ctx.n + (withBase ? 1 : 0);
  const segments = segmentCount(ctx, mode);
  const data = new Float64Array(segments * m * m);
  for (const tile of ctx.tiles) {
    const loaded = await ctx.load(tile);
    const count = tile.count;
    const ref = (a: number) => (a < ctx.n ? { buf: loaded.stack, off: a * count } : { buf: loaded.base!, off: 0 });
    const pairs: [number, number][] = [];
    const items: ReduceItem[] = [];
    for (let a = 0; a < m; a++) {
      for (let b = a; b < m; b++) {
        const ra = ref(a);
        const rb = ref(b);
        pairs.push([a, b]);
        items.push({ op: "dot", a: ra.buf, offA: ra.off, b: rb.buf, offB: rb.off, count, mode, rowLength: ctx.rowLength });
      }
    }
    const sums = await reduceBatch(ctx.device, items);
    const firstRow = tile.start / ctx.rowLength;
    pairs.forEach(([a, b], k) => {
      const s = sums[k];
      for (let q = 0; q < s.length; q++) {
        const seg = mode === "rows" ? firstRow + q : q;
        data[seg * m * m + a * m + b] += s[q];
        if (a !== b) data[seg * m * m + b * m + a] += s[q];
      }
    });
    ctx.release(loaded);
  }
  return { m, segments, get: (s, a, b) => data[s * m * m + a * m + b] };
}

/** Quadratic form c^T G_s c (the squared norm of sum_a c_a v_a), clamped at 0. */
export function quad(g: Gram, s: number, c: readonly number[]): number {
  let acc = 0;
  for (let a = 0; a < g.m; a++) for (let b = 0; b < g.m; b++) acc += c[a] * c[b] * g.get(s, a, b);
  return Math.max(0, acc);
}

/** (G_s c)_a: the dot of vector a with sum_b c_b v_b. */
export function gdot(g: Gram, s: number, a: number, c: readonly number[]): number {
  let acc = 0;
  for (let b = 0; b < g.m; b++) acc += c[b] * g.get(s, a, b);
  return acc;
}
