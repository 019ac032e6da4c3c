/** Compiled compute pipelines keyed by compile-time facts only (file, entry point, overrides, layout). */
import { shaderModuleSource } from "./shader-source.ts";

export interface KernelSource {
  /** shaders/ relative path of the kernel file. */
  file: string;
  /** shaders/ relative paths prepended to the kernel (common/ snippets). */
  includes: readonly string[];
}

/** How a binding is declared in WGSL; with an explicit layout, entry points may leave bindings unused. */
export type BindingKind = "read" | "storage" | "uniform";

const caches = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

const BUFFER_TYPE: Record<BindingKind, GPUBufferBindingType> = { read: "read-only-storage", storage: "storage", uniform: "uniform" };

/**
 * A pipeline for one entry point. Without `bindings` the layout is "auto" (bind only what the
 * entry point uses); with `bindings`, group 0 gets exactly those bindings 0..n-1, so every entry
 * point of a multi-entry file shares one bind group shape.
 */
export function getPipeline(
  device: GPUDevice,
  kernel: KernelSource,
  entryPoint: string,
  constants: Record<string, number> = {},
  bindings?: readonly BindingKind[],
): GPUComputePipeline {
  let cache = caches.get(device);
  if (!cache) caches.set(device, (cache = new Map()));
  const key = `${kernel.file}#${entryPoint}#${JSON.stringify(constants)}#${bindings?.join(",") ?? "auto"}`;
  let pipeline = cache.get(key);
  if (!pipeline) {
    const module = device.createShaderModule({ label: kernel.file, code: shaderModuleSource(kernel.file, kernel.includes) });
    const layout = bindings
      ? device.createPipelineLayout({
          bindGroupLayouts: [
            device.createBindGroupLayout({
              entries: bindings.map((kind, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: BUFFER_TYPE[kind] } })),
            }),
          ],
        })
      : "auto";
    pipeline = device.createComputePipeline({ label: `${kernel.file}:${entryPoint}`, layout, compute: { module, entryPoint, constants } });
    cache.set(key, pipeline);
  }
  return pipeline;
}
