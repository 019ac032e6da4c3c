/**
 * Batched reductions (shaders/ops/reduce.wgsl): many sums recorded in one submission, one
 * readback of the f32 partials, and the final sum over partials taken in f64 on the CPU.
 */
import { createStorageBuffer, readBuffer } from "../buffers.ts";
import type { KernelSource } from "../pipeline-cache.ts";
import { createUniform, encodeKernel } from "../run-kernel.ts";

const REDUCE: KernelSource = { file: "ops/reduce.wgsl", includes: ["common/index.wgsl"] };
const WG = 256;
const ITEMS = 16;

export type ReduceOp = "sum" | "abs" | "sq" | "nonzero" | "dot";
const OP_CODE: Record<ReduceOp, number> = { sum: 0, abs: 1, sq: 2, nonzero: 3, dot: 4 };

export interface ReduceItem {
  op: ReduceOp;
  a: GPUBuffer;
  offA: number;
  /** Second operand for "dot". */
  b?: GPUBuffer;
  offB?: number;
  count: number;
  /** "all": one number; "rows": one per row of `rowLength`; "cols": one per column. */
  mode?: "all" | "rows" | "cols";
  rowLength?: number;
}

/** Run every item; returns one Float64Array per item (length 1 for "all", rows or columns otherwise). */
export async function reduceBatch(device: GPUDevice, items: readonly ReduceItem[]): Promise<Float64Array[]> {
  const layout = items.map((item) => {
    const mode = item.mode ?? "all";
    const rowLength = item.rowLength ?? item.count;
    const rows = rowLength === 0 ? 0 : item.count / rowLength;
    const outputs = mode === "all" ? Math.ceil(item.count / (WG * ITEMS)) : mode === "rows" ? rows : rowLength;
    const groups = mode === "all" ? outputs : mode === "rows" ? rows : Math.ceil(rowLength / WG);
    return { mode, rowLength, rows, outputs, groups };
  });
  const total = layout.reduce((s, l) => s + l.outputs, 0);
  const partials = createStorageBuffer(device, total * 4, "reduce-partials");
  const uniforms: GPUBuffer[] = [];
  try {
    const encoder = device.createCommandEncoder();
    let outOff = 0;
    items.forEach((item, k) => {
      const l = layout[k];
      if (l.groups > 0 && item.count > 0) {
        const params = createUniform(device, [item.count, item.offA, item.offB ?? 0, OP_CODE[item.op], outOff, l.rowLength, l.rows], "reduce-params");
        uniforms.push(params);
        encodeKernel(device, encoder, {
          kernel: REDUCE,
          entry: `reduce_${l.mode}`,
          bindings: ["read", "read", "storage", "uniform"],
          buffers: [item.a, item.b ?? item.a, partials, params],
          workgroups: l.groups,
        });
      }
      outOff += l.outputs;
    });
    device.queue.submit([encoder.finish()]);
    const data = new Float32Array(await readBuffer(device, partials, total * 4));
    const results: Float64Array[] = [];
    outOff = 0;
    items.forEach((item, k) => {
      const l = layout[k];
      const part = item.count > 0 ? data.subarray(outOff, outOff + l.outputs) : new Float32Array(l.outputs);
      if (l.mode === "all") {
        let s = 0;
        for (const v of part) s += v;
        results.push(Float64Array.of(s));
      } else {
        results.push(Float64Array.from(part));
      }
      outOff += l.outputs;
    });
    return results;
  } finally {
    partials.destroy();
    for (const u of uniforms) u.destroy();
  }
}
