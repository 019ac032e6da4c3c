/**
 * Encode one compute dispatch: pipeline from the cache, a bind group over the given buffers in
 * binding order, and a 1-D workload mapped onto a 2-D grid (see dispatch.ts).
 */
import { planDispatch, type Dispatch } from "./dispatch.ts";
import { getPipeline, type BindingKind, type KernelSource } from "./pipeline-cache.ts";

export interface KernelCall {
  kernel: KernelSource;
  entry: string;
  /** Binding kinds 0..n-1 of group 0; `buffers` gives one buffer per binding. */
  bindings: readonly BindingKind[];
  buffers: readonly GPUBuffer[];
  /** Workgroups to launch (1-D count; spread over x and y when above the per-dimension limit). */
  workgroups: number;
  constants?: Record<string, number>;
}

/** Grid for `workgroups` groups; the shader gets the flat group index as wid.x + wid.y * x. */
export function gridFor(device: GPUDevice, workgroups: number): Dispatch {
  return planDispatch(workgroups, 1, device.limits.maxComputeWorkgroupsPerDimension);
}

/** Record one dispatch into `encoder` (its own compute pass). */
export function encodeKernel(device: GPUDevice, encoder: GPUCommandEncoder, call: KernelCall): void {
  if (call.buffers.length !== call.bindings.length) {
    throw new Error(`${call.kernel.file}:${call.entry}: ${call.buffers.length} buffers for ${call.bindings.length} bindings`);
  }
  const pipeline = getPipeline(device, call.kernel, call.entry, call.constants ?? {}, call.bindings);
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: call.buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const grid = gridFor(device, call.workgroups);
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(grid.x, grid.y);
  pass.end();
}

/** Encode and submit one dispatch right away. */
export function runKernel(device: GPUDevice, call: KernelCall): void {
  const encoder = device.createCommandEncoder();
  encodeKernel(device, encoder, call);
  device.queue.submit([encoder.finish()]);
}

/** A uniform block of 32-bit fields in declaration order: integers as u32, `{ f }` as f32. */
export type UniformField = number | { f: number } | { i: number };

/** Pack uniform fields (all 4-byte scalars, so WGSL struct offsets are 4*index). */
export function packUniform(fields: readonly UniformField[]): ArrayBuffer {
  const view = new DataView(new ArrayBuffer(Math.max(16, Math.ceil((fields.length * 4) / 16) * 16)));
  fields.forEach((field, k) => {
    if (typeof field === "number") view.setUint32(4 * k, field >>> 0, true);
    else if ("f" in field) view.setFloat32(4 * k, field.f, true);
    else view.setInt32(4 * k, field.i, true);
  });
  return view.buffer;
}

/** A uniform buffer holding `fields` (see packUniform). */
export function createUniform(device: GPUDevice, fields: readonly UniformField[], label: string): GPUBuffer {
  const data = packUniform(fields);
  const buffer = device.createBuffer({ label, size: data.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(buffer, 0, data);
  return buffer;
}
