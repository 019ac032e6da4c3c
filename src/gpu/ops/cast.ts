/** bf16 <-> f32 conversion on the GPU (shaders/ops/cast.wgsl). */
import { createStorageBuffer, readBuffer, uniformBuffer, uploadBuffer } from "../buffers.ts";
import { planDispatch } from "../dispatch.ts";
import { getPipeline, type KernelSource } from "../pipeline-cache.ts";

const CAST: KernelSource = { file: "ops/cast.wgsl", includes: ["common/bf16.wgsl"] };
const WG = 256;

async function runCast(device: GPUDevice, entry: string, input: ArrayBufferView, count: number, outBytes: number): Promise<ArrayBuffer> {
  const words = Math.ceil(count / 2);
  const dispatch = planDispatch(words, WG, device.limits.maxComputeWorkgroupsPerDimension);
  const src = uploadBuffer(device, input, "cast-in");
  const dst = createStorageBuffer(device, outBytes, "cast-out");
  const params = uniformBuffer(device, new Uint32Array([count, dispatch.rowStride]), "cast-params");
  try {
    const pipeline = getPipeline(device, CAST, entry, { WG });
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [src, dst, params].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(dispatch.x, dispatch.y);
    pass.end();
    device.queue.submit([encoder.finish()]);
    return await readBuffer(device, dst, outBytes);
  } finally {
    src.destroy();
    dst.destroy();
    params.destroy();
  }
}

/** Decode bf16 bits to f32 on the GPU. */
export async function castBf16ToF32(device: GPUDevice, bits: Uint16Array): Promise<Float32Array> {
  return new Float32Array(await runCast(device, "bf16_to_f32_main", bits, bits.length, bits.length * 4));
}

/** Encode f32 to bf16 bits (round to nearest even) on the GPU. */
export async function castF32ToBf16(device: GPUDevice, values: Float32Array): Promise<Uint16Array> {
  const outBytes = Math.ceil(values.length / 2) * 4;
  return new Uint16Array(await runCast(device, "f32_to_bf16_main", values, values.length, outBytes), 0, values.length);
}
