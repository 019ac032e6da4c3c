/**
 * Exact order statistics of |x| over a whole tensor on the GPU (shaders/ops/radix-select.wgsl):
 * four 8-bit MSD radix passes, each reading back only 256 counts per wanted rank. Keys may live in
 * several tiles; `visit` is called once per pass to enumerate them.
 */
import { createStorageBuffer, readBuffer } from "../buffers.ts";
import { f32Buffer } from "./codec.ts";
import type { KernelSource } from "../pipeline-cache.ts";
import { createUniform, encodeKernel, runKernel } from "../run-kernel.ts";

const RADIX: KernelSource = { file: "ops/radix-select.wgsl", includes: ["common/index.wgsl"] };
const TIE_KEYS: KernelSource = { file: "ops/tie-keys.wgsl", includes: ["common/index.wgsl"] };
const PER_GROUP = 256 * 16;

/** A run of keys: buf[off .. off+count), the first being element `start` of the tensor. */
export interface KeyRun {
  buf: GPUBuffer;
  off: number;
  count: number;
  start?: number;
}

/** Enumerates all key runs of the tensor (may decode tiles); `done` is called after each is encoded+submitted. */
export type KeyVisitor = (use: (run: KeyRun) => void) => Promise<void>;

export interface Selected {
  /** The |x| value of the wanted ascending rank. */
  value: number;
  /** Its f32 bit pattern (sign cleared). */
  bits: number;
  /** Keys strictly below it and equal to it. */
  below: number;
  equal: number;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * The keys at ascending (0-based) `ranks` among `total` keys |x|. Ties: every key equal to the
 * selected one is reported in `equal`, so callers can apply mergekit's keep rules exactly.
 */
export async function selectRanks(device: GPUDevice, visit: KeyVisitor, total: number, ranks: readonly number[]): Promise<Selected[]> {
  for (const r of ranks) {
    if (!Number.isInteger(r) || r < 0 || r >= total) throw new Error(`radix select: rank ${r} outside [0, ${total})`);
  }
  const R = ranks.length;
  const state = ranks.map((r) => ({ remaining: r, prefix: 0, mask: 0, below: 0, equal: 0 }));
  const hist = createStorageBuffer(device, R * 256 * 4, "radix-hist");
  try {
    for (const shift of [24, 16, 8, 0]) {
      const encoder = device.createCommandEncoder();
      encoder.clearBuffer(hist);
      device.queue.submit([encoder.finish()]);
      await visit((run) => {
        if (run.count === 0) return;
        const enc = device.createCommandEncoder();
        const uniforms = state.map((s, q) => createUniform(device, [run.count, run.off, s.prefix, s.mask, shift, q * 256], "radix-params"));
        uniforms.forEach((params) =>
          encodeKernel(device, enc, { kernel: RADIX, entry: "radix_histogram", bindings: ["read", "storage", "uniform"], buffers: [run.buf, hist, params], workgroups: Math.ceil(run.count / PER_GROUP) }),
        );
        device.queue.submit([enc.finish()]);
        for (const u of uniforms) u.destroy();
      });
      const counts = new Uint32Array(await readBuffer(device, hist, R * 256 * 4));
      state.forEach((s, q) => {
        let cum = 0;
        for (let digit = 0; digit < 256; digit++) {
          const c = counts[q * 256 + digit];
          if (s.remaining < cum + c) {
            s.remaining -= cum;
            s.below += cum;
            s.equal = c;
            s.prefix |= digit << shift;
            s.mask |= 0xff << shift;
            return;
          }
          cum += c;
        }
        throw new Error(`radix select: histogram total ${cum} is short of rank ${ranks[q]} (keys changed between passes?)`);
      });
    }
  } finally {
    hist.destroy();
  }
  return state.map((s) => {
    u32[0] = s.prefix >>> 0;
    return { value: f32[0], bits: s.prefix >>> 0, below: s.below, equal: s.equal };
  });
}

/** A selection under the order (|x|, position): the key and the position of the element. */
export interface SelectedElement extends Selected {
  /** Position of the selected element among those with the same key (0xffffffff: "any", the key is unique). */
  index: number;
}

/**
 * Elements at ascending `ranks` under the order (|x|, then position), as a stable sort gives:
 * a second radix select over the positions of the tied keys runs only when the key is not unique.
 * Runs must carry `start`.
 */
export async function selectElements(device: GPUDevice, visit: KeyVisitor, total: number, ranks: readonly number[]): Promise<SelectedElement[]> {
  const first = await selectRanks(device, visit, total, ranks);
  const out: SelectedElement[] = [];
  for (const [q, s] of first.entries()) {
    if (s.equal <= 1) {
      out.push({ ...s, index: 0xffffffff });
      continue;
    }
    const tied = (use: (run: KeyRun) => void) =>
      visit((run) => {
        if (run.count === 0) return;
        const keys = f32Buffer(device, run.count, "tie-keys");
        const params = createUniform(device, [run.count, run.off, s.bits, run.start ?? 0], "tie-params");
        runKernel(device, { kernel: TIE_KEYS, entry: "tie_keys", bindings: ["read", "storage", "uniform"], buffers: [run.buf, keys, params], workgroups: Math.ceil(run.count / 256) });
        use({ buf: keys, off: 0, count: run.count });
        keys.destroy();
        params.destroy();
      });
    const [pos] = await selectRanks(device, tied, total, [ranks[q] - s.below]);
    out.push({ ...s, index: pos.bits });
  }
  return out;
}
