/** Raw PRNG words from the WGSL Philox (shaders/ops/prng-fill.wgsl), for bit-exactness checks. */
import { createStorageBuffer, readBuffer } from "../buffers.ts";
import type { KernelSource } from "../pipeline-cache.ts";
import { createUniform, runKernel } from "../run-kernel.ts";

const FILL: KernelSource = { file: "ops/prng-fill.wgsl", includes: ["common/index.wgsl", "common/prng.wgsl"] };
const WG = 256;

/** prng u32 for indices start .. start+count-1 of (seed, nameHash, stream). */
export async function prngFillGpu(device: GPUDevice, seed: number, nameHash: number, stream: number, start: number, count: number): Promise<Uint32Array> {
  const out = createStorageBuffer(device, count * 4, "prng-out");
  const u = createUniform(device, [count, start, seed, nameHash, stream], "prng-params");
  try {
    runKernel(device, { kernel: FILL, entry: "prng_fill", bindings: ["storage", "uniform"], buffers: [out, u], workgroups: Math.ceil(count / WG), constants: { WG } });
    return new Uint32Array(await readBuffer(device, out, count * 4));
  } finally {
    out.destroy();
    u.destroy();
  }
}
