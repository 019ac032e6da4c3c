/** Per-segment weighted sum of the model stack and base (shaders/ops/combine.wgsl). */
import { uploadBuffer } from "../buffers.ts";
import type { LoadedTile } from "../merge/context.ts";
import type { KernelSource } from "../pipeline-cache.ts";
import { createUniform, runKernel } from "../run-kernel.ts";
import { f32Buffer } from "./codec.ts";

const COMBINE: KernelSource = { file: "ops/combine.wgsl", includes: ["common/index.wgsl"] };
const WG = 256;

export type SegmentMode = "all" | "rows" | "cols";
const SEG: Record<SegmentMode, number> = { all: 0, rows: 1, cols: 2 };

/**
 * out = sum_i coef[s][i] * model_i + coef[s][n] * base for each segment s; `coef` is laid out
 * segment-major with n+1 entries per segment. Returns a new f32 buffer of the tile's size.
 */
export function combineTile(device: GPUDevice, loaded: LoadedTile, n: number, coef: Float32Array, mode: SegmentMode, rowLength: number): GPUBuffer {
  const count = loaded.tile.count;
  const out = f32Buffer(device, count, "combine-out");
  const coefBuf = uploadBuffer(device, coef, "combine-coef");
  const params = createUniform(device, [count, n, loaded.base ? 1 : 0, SEG[mode], Math.max(1, rowLength), loaded.tile.start], "combine-params");
  runKernel(device, {
    kernel: COMBINE,
    entry: "combine_main",
    bindings: ["read", "read", "read", "storage", "uniform"],
    buffers: [loaded.stack, loaded.base ?? loaded.stack, coefBuf, out, params],
    workgroups: Math.ceil(count / WG),
    constants: { WG },
  });
  coefBuf.destroy();
  params.destroy();
  return out;
}
