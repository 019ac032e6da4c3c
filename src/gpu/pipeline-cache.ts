/** Compiled compute pipelines keyed by compile-time facts only (file, entry point, overrides). */
import { shaderModuleSource } from "./shader-source.ts";

export interface KernelSource {
  /** shaders/ relative path of the kernel file. */
  file: string;
  /** shaders/ relative paths prepended to the kernel (common/ snippets). */
  includes: readonly string[];
}

const caches = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

export function getPipeline(device: GPUDevice, kernel: KernelSource, entryPoint: string, constants: Record<string, number> = {}): GPUComputePipeline {
  let cache = caches.get(device);
  if (!cache) caches.set(device, (cache = new Map()));
  const key = `${kernel.file}#${entryPoint}#${JSON.stringify(constants)}`;
  let pipeline = cache.get(key);
  if (!pipeline) {
    const module = device.createShaderModule({ label: kernel.file, code: shaderModuleSource(kernel.file, kernel.includes) });
    pipeline = device.createComputePipeline({ label: `${kernel.file}:${entryPoint}`, layout: "auto", compute: { module, entryPoint, constants } });
    cache.set(key, pipeline);
  }
  return pipeline;
}
