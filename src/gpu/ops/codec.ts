/** Tile decode (raw dtype -> f32) and encode (f32 -> raw dtype) passes (shaders/ops/{decode,encode}.wgsl). */
import { createStorageBuffer, readBuffer, uploadBuffer } from "../buffers.ts";
import type { KernelSource } from "../pipeline-cache.ts";
import { createUniform, runKernel } from "../run-kernel.ts";

/** Tensor storage dtypes the kernels read and write. */
export type GpuDtype = "F32" | "BF16" | "F16";

/** Bytes per element of a dtype. */
export const DTYPE_BYTES: Record<GpuDtype, number> = { F32: 4, BF16: 2, F16: 2 };

const INCLUDES = ["common/bf16.wgsl", "common/f16.wgsl", "common/index.wgsl"];
const DECODE: KernelSource = { file: "ops/decode.wgsl", includes: INCLUDES };
const ENCODE: KernelSource = { file: "ops/encode.wgsl", includes: INCLUDES };
const WG = 256;

/** Upload `count` elements of raw `bytes` (dtype `dtype`) and decode them into dst[dstOffset..]. */
export function decodeInto(device: GPUDevice, bytes: Uint8Array, dtype: GpuDtype, count: number, dst: GPUBuffer, dstOffset: number): void {
  const src = uploadBuffer(device, bytes, "decode-src");
  const params = createUniform(device, [count, dstOffset], "decode-params");
  runKernel(device, {
    kernel: DECODE,
    entry: `decode_${dtype.toLowerCase()}`,
    bindings: ["read", "storage", "uniform"],
    buffers: [src, dst, params],
    workgroups: Math.ceil(count / WG),
    constants: { WG },
  });
  // Destroy after submit is safe: the queue keeps the buffers alive until the work is done.
  src.destroy();
  params.destroy();
}

/** Encode src[srcOffset .. srcOffset+count) as `dtype` and read the raw bytes back. */
export async function encodeAndRead(device: GPUDevice, src: GPUBuffer, srcOffset: number, count: number, dtype: GpuDtype): Promise<Uint8Array> {
  const outBytes = count * DTYPE_BYTES[dtype];
  const dst = createStorageBuffer(device, outBytes, "encode-dst");
  const params = createUniform(device, [count, srcOffset], "encode-params");
  try {
    const perInvocation = dtype === "F32" ? 1 : 2;
    runKernel(device, {
      kernel: ENCODE,
      entry: `encode_${dtype.toLowerCase()}`,
      bindings: ["read", "storage", "uniform"],
      buffers: [src, dst, params],
      workgroups: Math.ceil(count / perInvocation / WG),
      constants: { WG },
    });
    return new Uint8Array(await readBuffer(device, dst, outBytes));
  } finally {
    dst.destroy();
    params.destroy();
  }
}

/** A fresh f32 storage buffer of `count` elements. */
export function f32Buffer(device: GPUDevice, count: number, label: string): GPUBuffer {
  return createStorageBuffer(device, count * 4, label);
}
