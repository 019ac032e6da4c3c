import { beforeAll, describe, expect, test } from "vitest";
import { checkGoldenCase, decodeGoldenCase, outputDtypeOf } from "../../test-support/golden/index.ts";
import { getDevice } from "../device.ts";
import { mergeTensorGpu } from "../merge-tensor.ts";
import { caseRequest, outputToF32 } from "./golden-case.ts";
import { sharedCaseFile, sharedManifest } from "./golden-files.ts";

let device: GPUDevice;
beforeAll(async () => {
  // No adapter is a failure, never a skip.
  device = await getDevice();
});

const manifest = sharedManifest();

describe("every shared golden case through the WGSL kernels", () => {
  test("the shared golden set is present and covers all 20 methods", () => {
    expect(new Set(manifest.cases.map((c) => c.method)).size).toBe(20);
  });

  test.each(manifest.cases.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    const file = await sharedCaseFile(c.file);
    const req = caseRequest(c, file);
    const out = outputToF32(await mergeTensorGpu(device, req), req.outDtype);
    expect(req.outDtype).toBe(outputDtypeOf(c));
    const result = checkGoldenCase(c, decodeGoldenCase(c, file), out);
    expect(result.ok, `${c.id}: ${result.message}`).toBe(true);
  });
});
