/** Small helpers for uploads and readbacks; staging buffers are always destroyed. */

const align4 = (n: number) => Math.ceil(n / 4) * 4;

export function createStorageBuffer(device: GPUDevice, byteLength: number, label: string): GPUBuffer {
  return device.createBuffer({ label, size: Math.max(16, align4(byteLength)), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
}

export function uploadBuffer(device: GPUDevice, data: ArrayBufferView, label: string): GPUBuffer {
  const buffer = createStorageBuffer(device, data.byteLength, label);
  writeWords(device, buffer, 0, new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength));
  return buffer;
}

/** Write `bytes` at byte `at` (a multiple of 4); writeBuffer takes whole words, so an odd tail is padded. */
export function writeWords(device: GPUDevice, dst: GPUBuffer, at: number, bytes: Uint8Array): void {
  const whole = bytes.byteLength - (bytes.byteLength % 4);
  if (whole > 0) device.queue.writeBuffer(dst, at, bytes.buffer as ArrayBuffer, bytes.byteOffset, whole);
  if (whole < bytes.byteLength) {
    const tail = new Uint8Array(4);
    tail.set(bytes.subarray(whole));
    device.queue.writeBuffer(dst, at + whole, tail);
  }
}

export function uniformBuffer(device: GPUDevice, words: ArrayBufferView, label: string): GPUBuffer {
  const buffer = device.createBuffer({ label, size: Math.max(16, Math.ceil(words.byteLength / 16) * 16), usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(buffer, 0, words.buffer, words.byteOffset, words.byteLength);
  return buffer;
}

export async function readBuffer(device: GPUDevice, source: GPUBuffer, byteLength: number): Promise<ArrayBuffer> {
  const size = align4(byteLength);
  const staging = device.createBuffer({ label: "readback", size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(source, 0 /* srcOffset */, staging, 0 /* dstOffset */, size);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    return staging.getMappedRange().slice(0, byteLength);
  } finally {
    staging.destroy();
  }
}
