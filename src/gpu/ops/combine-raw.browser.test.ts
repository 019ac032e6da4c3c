import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { bf16BitsToF32, f32ToBf16Bits } from "../../core/numeric/bf16.ts";
import { getDevice } from "../device.ts";
import { setTileElementsForTesting } from "../merge/tiling.ts";
import { mergeTensorGpu, type MergeTensorRequest } from "../merge-tensor.ts";

let device: GPUDevice;
beforeAll(async () => {
  device = await getDevice();
});
afterEach(() => setTileElementsForTesting(null));

/** Random bf16 words around 1 (odd count: the last output word is half padding). */
function bf16Input(numel: number, seed: number): Uint8Array {
  let s = seed >>> 0;
  const bits = new Uint16Array(numel);
  for (let i = 0; i < numel; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    bits[i] = f32ToBf16Bits((s / 2 ** 32) * 4 - 2);
  }
  bits[3] = 0x7fc0; // a NaN must stay a NaN
  bits[5] = 0x8000; // -0
  return new Uint8Array(bits.buffer);
}

const shape = [9, 37]; // 333 elements
const numel = shape[0] * shape[1];

function request(method: "linear" | "passthrough", models: Uint8Array[], perModel: Record<string, number>[], outDtype: "BF16" | "F32"): MergeTensorRequest {
  return { method, shape, models: models.map((bytes) => ({ dtype: "BF16", bytes })), base: null, global: {}, perModel, seed: 1, tensorName: "model.layers.0.mlp.up_proj.weight", outDtype };
}

/** The general path's answer: f32 output of decode + combine, rounded to bf16 as encode does. */
async function viaF32(req: MergeTensorRequest): Promise<Uint16Array> {
  const f32 = new Float32Array((await mergeTensorGpu(device, { ...req, outDtype: "F32" })).buffer);
  return Uint16Array.from(f32, (x) => f32ToBf16Bits(x));
}

describe("fused bf16 fast paths give the general path's bytes", () => {
  const inputs = [bf16Input(numel, 1), bf16Input(numel, 2), bf16Input(numel, 3)];
  const perModel = [{ weight: 0.5 }, { weight: 0.3 }, { weight: 0.8 }];

  test.each([["one tile", null], ["several tiles of whole rows", 2 * 37]] as const)("linear, three bf16 models (%s)", async (_label, tile) => {
    setTileElementsForTesting(tile);
    const req = request("linear", inputs, perModel, "BF16");
    await checkLinear(req, inputs);
  });

  test("linear over many workgroups (8 elements per invocation, 4289 elements)", async () => {
    const big = [bf16Input(4289, 7), bf16Input(4289, 8), bf16Input(4289, 9)];
    await checkLinear({ ...request("linear", big, perModel, "BF16"), shape: [4289] }, big);
  });

  async function checkLinear(req: MergeTensorRequest, inputs: Uint8Array[]): Promise<void> {
    const numel = req.shape.reduce((a, b) => a * b, 1);
    const got = new Uint16Array((await mergeTensorGpu(device, req)).buffer.slice(0));
    expect(got.length).toBe(numel);
    const want = await viaF32(req);
    expect(Array.from(got)).toEqual(Array.from(want));
    // And near the plain math: sum w_i x_i / sum w_i.
    const x = inputs.map((b) => new Uint16Array(b.buffer));
    for (const j of [0, 100, numel - 1]) {
      const ref = (0.5 * bf16BitsToF32(x[0][j]) + 0.3 * bf16BitsToF32(x[1][j]) + 0.8 * bf16BitsToF32(x[2][j])) / 1.6;
      expect(bf16BitsToF32(got[j])).toBeCloseTo(ref, 1);
    }
    expect(Number.isNaN(bf16BitsToF32(got[3]))).toBe(true);
  }

  test("passthrough without scale returns the input bytes unchanged; with a scale it still scales", async () => {
    setTileElementsForTesting(2 * 37);
    const copy = await mergeTensorGpu(device, request("passthrough", [inputs[1]], [{ scale: 1 }], "BF16"));
    expect(Array.from(copy)).toEqual(Array.from(inputs[1]));
    const scaledReq = request("passthrough", [inputs[1]], [{ scale: 0.5 }], "BF16");
    const scaled = new Uint16Array((await mergeTensorGpu(device, scaledReq)).buffer.slice(0));
    expect(Array.from(scaled)).toEqual(Array.from(await viaF32(scaledReq)));
    expect(bf16BitsToF32(scaled[0])).toBe(bf16BitsToF32(new Uint16Array(inputs[1].buffer)[0]) * 0.5);
  });
});
