/**
 * PUBLIC CONTRACT of the GPU merge (used by the engine): merge one output tensor from raw input
 * bytes with one of mergekit's 20 methods, on the given WebGPU device. Same semantics as
 * MethodInputs in src/core/methods/types.ts; every kernel computes in f32.
 */
import type { MethodName } from "../core/methods/types.ts";
import { GpuError } from "./errors.ts";
import { MergeContext } from "./merge/context.ts";
import { DTYPE_BYTES } from "./ops/codec.ts";
import { getGpuMethod } from "./methods/registry.ts";

/** A whole input tensor held in memory. */
export interface GpuBytesInput {
  dtype: "F32" | "BF16" | "F16";
  /** Raw little-endian bytes, row-major. */
  bytes: Uint8Array;
}

/**
 * An input tensor read tile by tile (e.g. from a scratch file), so it never sits whole in memory.
 * Multi-pass methods read the same tile several times.
 */
export interface GpuReaderInput {
  dtype: "F32" | "BF16" | "F16";
  /** Raw bytes of elements [startElem, startElem + count), row-major. */
  read(startElem: number, count: number): Promise<Uint8Array> | Uint8Array;
}

export type GpuTensorInput = GpuBytesInput | GpuReaderInput;

/**
 * Receives the output tile by tile instead of one whole array: called once per tile, in
 * ascending, gap-free byte order (so a caller may hash the stream as it goes).
 */
export type GpuOutputSink = (byteOffset: number, bytes: Uint8Array) => Promise<void> | void;

export interface MergeTensorRequest {
  method: MethodName;
  shape: number[];
  /** Non-base models, in recipe order. */
  models: GpuTensorInput[];
  base: GpuTensorInput | null;
  /** Resolved global parameters (defaults filled in). */
  global: Record<string, number | boolean>;
  /** Resolved per-model parameters, one record per entry of `models`. */
  perModel: Record<string, number>[];
  /** Seed and tensor name key the counter-based PRNG of DARE / DELLA. */
  seed: number;
  tensorName: string;
  outDtype: "F32" | "BF16" | "F16";
  /** GPU memory for one tile's working set (default 256 MiB); smaller bounds memory, costs passes. */
  tileBudgetBytes?: number;
  /** Stream the output here instead of returning it (then the result is an empty array). */
  writeOut?: GpuOutputSink;
}

/** Merge one tensor on the GPU; returns the raw bytes of `outDtype` (empty when `writeOut` is given). */
export async function mergeTensorGpu(device: GPUDevice, req: MergeTensorRequest): Promise<Uint8Array> {
  validateRequest(req);
  const method = getGpuMethod(req.method);
  const ctx = new MergeContext(device, req, method.contextOptions(req));
  try {
    await method.run(ctx);
    ctx.checkComplete();
    return ctx.output;
  } finally {
    ctx.dispose();
  }
}

function validateRequest(req: MergeTensorRequest): void {
  const where = `tensor ${req.tensorName} (${req.method})`;
  const numel = req.shape.reduce((a, b) => a * b, 1);
  if (!req.shape.every((d) => Number.isInteger(d) && d >= 0)) throw new GpuError("GPU_VALIDATION", `${where}: shape [${req.shape.join(", ")}] must hold non-negative integers.`);
  if (numel >= 2 ** 32) throw new GpuError("GPU_LIMIT", `${where}: ${numel} elements; the kernels index tensors with 32-bit integers (at most 2^32 - 1 elements).`);
  const check = (input: GpuTensorInput, label: string) => {
    const size = DTYPE_BYTES[input.dtype];
    if (size === undefined) throw new GpuError("GPU_VALIDATION", `${where}: ${label} has dtype ${String(input.dtype)}; the GPU path reads F32, BF16 and F16.`);
    if ("bytes" in input && input.bytes.byteLength !== numel * size) {
      throw new GpuError("GPU_VALIDATION", `${where}: ${label} has ${input.bytes.byteLength} bytes, but shape [${req.shape.join(", ")}] in ${input.dtype} needs ${numel * size}.`);
    }
  };
  req.models.forEach((m, i) => check(m, `model ${i}`));
  if (req.base) check(req.base, "base model");
  if (req.tileBudgetBytes !== undefined && !(req.tileBudgetBytes >= 1024)) {
    throw new GpuError("GPU_VALIDATION", `${where}: tileBudgetBytes ${req.tileBudgetBytes} is too small; give at least 1024 bytes (default 256 MiB).`);
  }
  if (req.perModel.length !== req.models.length) {
    throw new GpuError("GPU_VALIDATION", `${where}: ${req.perModel.length} per-model parameter records for ${req.models.length} models; give one record per model.`);
  }
}
