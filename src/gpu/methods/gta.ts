/**
 * The generalized task arithmetic family on the GPU (shaders/methods/gta.wgsl): per-model
 * sparsification of the task vectors (magnitude top-k and breadcrumbs through the GPU radix select,
 * DARE/DELLA through the counter PRNG), mergekit's L1-preserving rescale (c_i = sum|d| / sum|m|,
 * not 1/density), then the weighted sum with optional "sum" sign consensus.
 */
import { fnv1a32 } from "../../core/numeric/prng.ts";
import { uploadBuffer } from "../buffers.ts";
import { GpuError } from "../errors.ts";
import type { LoadedTile, MergeContext } from "../merge/context.ts";
import { f32Buffer } from "../ops/codec.ts";
import { selectElements } from "../ops/radix-select.ts";
import { reduceBatch, type ReduceItem } from "../ops/reduce.ts";
import type { KernelSource } from "../pipeline-cache.ts";
import { createUniform, runKernel } from "../run-kernel.ts";
import { globalBool, globalNumber, perModelNumbers, requireBase, requireModels } from "./params.ts";
import type { GpuMethod } from "./types.ts";
import type { MethodName } from "../../core/methods/types.ts";

const GTA: KernelSource = { file: "methods/gta.wgsl", includes: ["common/index.wgsl", "common/prng.wgsl"] };
const WG = 256;
const BINDINGS = ["read", "read", "read", "storage", "storage", "uniform"] as const;

export type Sparsifier = "none" | "magnitude" | "random" | "magnitude_outliers" | "della_magprune";

/** One registry row of mergekit's GTA family. */
export interface GtaConfig {
  name: MethodName;
  consensus: boolean;
  sparsifier: Sparsifier;
  normalizeDefault: boolean;
  rescaleDefault: boolean;
}

/** Kernel parameters of one model's sparsifier (see gta.wgsl): kind, then f32 values or u32 bits. */
interface Kind {
  kind: number;
  /** f32 words (kinds 3, 4). */
  values?: number[];
  /** u32 words: lo key, hi key, lo position, hi position (kind 2). */
  bounds?: number[];
}

const ANY = 0xffffffff;
const MAX_KEY = 0x7fffffff;

async function sparsifierKinds(ctx: MergeContext, cfg: GtaConfig): Promise<Kind[]> {
  const numel = ctx.numel;
  const density = perModelNumbers(ctx, "density", 1);
  const gamma = perModelNumbers(ctx, "gamma", 0.01);
  const epsilon = perModelNumbers(ctx, "epsilon", 0.15);
  const kinds: Kind[] = [];
  const selections: { model: number; ranks: number[] }[] = [];
  for (let i = 0; i < ctx.n; i++) {
    const d = density[i];
    if (cfg.sparsifier === "none" || d >= 1) {
      kinds.push({ kind: 0 });
    } else if (cfg.sparsifier === "magnitude") {
      const k = Math.trunc(d * numel);
      if (k <= 0) {
        throw new GpuError("GPU_VALIDATION", `${cfg.name} on tensor ${ctx.req.tensorName}: model ${i} density ${d} keeps 0 of ${numel} elements (mergekit refuses to zero out a whole tensor). Raise density.`);
      }
      kinds.push({ kind: 2, bounds: [0, MAX_KEY, ANY, ANY] });
      selections.push({ model: i, ranks: [numel - k] });
    } else if (cfg.sparsifier === "magnitude_outliers") {
      const target = Math.trunc(d * numel);
      let nTop = Math.trunc(gamma[i] * numel);
      let nBot = numel - target - nTop;
      if (nBot < 0) {
        nTop += nBot;
        nBot = 0;
      }
      // mergekit keeps sorted[n_bot : -n_top]; with n_top == 0 that slice is empty (quirk kept).
      if (nTop <= 0 || nBot >= numel - nTop) kinds.push({ kind: 1 });
      else {
        kinds.push({ kind: 2, bounds: [0, 0, ANY, ANY] });
        selections.push({ model: i, ranks: [nBot, numel - nTop - 1] });
      }
    } else if (cfg.sparsifier === "random") {
      kinds.push({ kind: 3, values: [d] });
    } else {
      const eps = epsilon[i];
      if (d <= 0) kinds.push({ kind: 1 });
      else if (d - eps <= 0 || d + eps >= 1) {
        throw new GpuError("GPU_VALIDATION", `${cfg.name} on tensor ${ctx.req.tensorName}: model ${i} has density ${d} and epsilon ${eps}; epsilon must be chosen such that density +/- epsilon is in (0, 1).`);
      } else kinds.push({ kind: 4, values: [d, eps] });
    }
  }
  for (const sel of selections) {
    const found = await selectElements(
      ctx.device,
      async (use) => {
        for (const tile of ctx.tiles) {
          const loaded = await ctx.load(tile);
          use({ buf: loaded.stack, off: sel.model * tile.count, count: tile.count, start: tile.start });
          ctx.release(loaded);
        }
      },
      numel,
      sel.ranks,
    );
    const bounds = kinds[sel.model].bounds!;
    bounds[0] = found[0].bits;
    bounds[2] = found[0].index;
    if (found.length > 1) {
      bounds[1] = found[1].bits;
      bounds[3] = found[1].index;
    }
  }
  return kinds;
}

/** Run a GTA-family method. */
export async function runGta(ctx: MergeContext, cfg: GtaConfig): Promise<void> {
  requireBase(ctx);
  requireModels(ctx, 1);
  const { device, n } = ctx;
  const weights = perModelNumbers(ctx, "weight");
  const normalize = globalBool(ctx, "normalize", cfg.normalizeDefault);
  const rescale = globalBool(ctx, "rescale", cfg.rescaleDefault);
  const lambda = globalNumber(ctx, "lambda", 1);
  const kinds = await sparsifierKinds(ctx, cfg);
  const mp = new Float32Array(8 * n);
  const mpBits = new Uint32Array(mp.buffer);
  kinds.forEach((k, i) => {
    mp[6 * i] = k.kind;
    if (k.values) mp.set(k.values, 6 * i + 1);
    if (k.bounds) mpBits.set(k.bounds, 6 * i + 1);
  });
  weights.forEach((w, i) => mp.set([w, 1], 6 * n + 2 * i));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const div = Math.abs(wsum) < 1e-8 ? 1 : wsum;
  const nameHash = fnv1a32(ctx.req.tensorName);

  let cached: { loaded: LoadedTile; sparse: GPUBuffer } | null = null;
  const run = (entry: string, loaded: LoadedTile, sparse: GPUBuffer, out: GPUBuffer, params: Float32Array) => {
    const mpBuf = uploadBuffer(device, params, "gta-mp");
    const u = createUniform(device, [loaded.tile.count, n, loaded.tile.start, ctx.rowLength, ctx.req.seed >>> 0, nameHash, cfg.consensus ? 1 : 0, normalize ? 1 : 0, { f: lambda }, { f: div }], "gta-params");
    runKernel(device, { kernel: GTA, entry, bindings: BINDINGS, buffers: [loaded.stack, loaded.base!, mpBuf, sparse, out, u], workgroups: Math.ceil(loaded.tile.count / WG), constants: { WG } });
    mpBuf.destroy();
    u.destroy();
  };
  const sparsify = (loaded: LoadedTile): GPUBuffer => {
    if (cached && cached.loaded === loaded) return cached.sparse;
    const sparse = f32Buffer(device, n * loaded.tile.count, "gta-sparse");
    const dummy = f32Buffer(device, 4, "gta-dummy");
    run("gta_sparsify", loaded, sparse, dummy, mp);
    dummy.destroy();
    if (ctx.singleTile) cached = { loaded, sparse };
    return sparse;
  };
  const drop = (sparse: GPUBuffer) => {
    if (!cached || cached.sparse !== sparse) sparse.destroy();
  };

  try {
    if (rescale && kinds.some((k) => k.kind !== 0)) {
      const before = new Float64Array(n);
      const after = new Float64Array(n);
      for (const tile of ctx.tiles) {
        const loaded = await ctx.load(tile);
        const sparse = sparsify(loaded);
        const items: ReduceItem[] = [];
        for (let i = 0; i < n; i++) {
          items.push({ op: "abs", a: loaded.stack, offA: i * tile.count, count: tile.count });
          items.push({ op: "abs", a: sparse, offA: i * tile.count, count: tile.count });
        }
        const sums = await reduceBatch(device, items);
        for (let i = 0; i < n; i++) {
          before[i] += sums[2 * i][0];
          after[i] += sums[2 * i + 1][0];
        }
        drop(sparse);
        ctx.release(loaded);
      }
      for (let i = 0; i < n; i++) {
        if (kinds[i].kind !== 0 && before[i] >= 1e-7 && after[i] >= 1e-7) mp[6 * n + 2 * i + 1] = before[i] / after[i];
      }
    }
    for (const tile of ctx.tiles) {
      const loaded = await ctx.load(tile);
      const sparse = sparsify(loaded);
      const out = f32Buffer(device, tile.count, "gta-out");
      run("gta_merge", loaded, sparse, out, mp);
      await ctx.writeTile(tile, out);
      out.destroy();
      drop(sparse);
      ctx.release(loaded);
    }
  } finally {
    const c = cached as { sparse: GPUBuffer } | null;
    c?.sparse.destroy();
  }
}

/** A GpuMethod for one GTA registry row. */
export function gtaMethod(cfg: GtaConfig): GpuMethod {
  return {
    name: cfg.name,
    kernels: ["methods/gta.wgsl", "ops/radix-select.wgsl", "ops/tie-keys.wgsl", "ops/reduce.wgsl"],
    contextOptions: () => ({ delta: true, scratchPerModel: 1, scratch: 1 }),
    run: (ctx) => runGta(ctx, cfg),
  };
}
