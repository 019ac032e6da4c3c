/** In-place task vectors: every model slot of the stack minus the base (shaders/ops/delta.wgsl). */
import type { KernelSource } from "../pipeline-cache.ts";
import { createUniform, runKernel } from "../run-kernel.ts";

const DELTA: KernelSource = { file: "ops/delta.wgsl", includes: ["common/index.wgsl"] };
const WG = 256;

/** stack[i*count + j] -= base[j] for i < n. */
export function subtractBase(device: GPUDevice, stack: GPUBuffer, base: GPUBuffer, n: number, count: number): void {
  const total = n * count;
  if (total === 0) return;
  const params = createUniform(device, [count, total], "delta-params");
  runKernel(device, { kernel: DELTA, entry: "delta_main", bindings: ["storage", "read", "uniform"], buffers: [stack, base, params], workgroups: Math.ceil(total / WG), constants: { WG } });
  params.destroy();
}
