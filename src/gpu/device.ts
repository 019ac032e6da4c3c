/**
 * One GPUDevice per realm (page or worker), with the adapter's real limits requested so large
 * tensors can use big buffers where the hardware allows (SwiftShader stops below 1 GiB).
 */
import { GpuError } from "./errors.ts";

let devicePromise: Promise<GPUDevice> | null = null;

/** Largest single buffer we ever create, whatever the adapter says (DESIGN.md: under 1 GiB). */
export const MAX_BUFFER_BYTES = 1023 * 1024 * 1024;

export function getDevice(): Promise<GPUDevice> {
  devicePromise ??= createDevice().catch((e) => {
    devicePromise = null;
    throw e;
  });
  return devicePromise;
}

async function createDevice(): Promise<GPUDevice> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) {
    throw new GpuError(
      "GPU_UNAVAILABLE",
      "WebGPU is not available in this browser. Use a recent Chrome or Edge, or Chromium with --enable-unsafe-webgpu.",
    );
  }
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) {
    throw new GpuError("GPU_UNAVAILABLE", "No WebGPU adapter was found. Check that hardware acceleration is enabled in the browser settings.");
  }
  const want = Math.min(adapter.limits.maxStorageBufferBindingSize, MAX_BUFFER_BYTES);
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: want,
      maxBufferSize: Math.min(adapter.limits.maxBufferSize, MAX_BUFFER_BYTES),
      maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: adapter.limits.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: adapter.limits.maxComputeWorkgroupSizeX,
    },
  });
  device.lost.then((info) => {
    devicePromise = null;
    if (info.reason !== "destroyed") console.warn(`WebGPU device lost: ${info.message}`);
  });
  return device;
}
