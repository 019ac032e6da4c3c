import { beforeAll, describe, expect, test } from "vitest";
import { getDevice } from "../device.ts";
import { mergeTensorGpu } from "../merge-tensor.ts";
import { GPU_METHODS } from "../methods/registry.ts";
import { caseOutDtype, caseRequest, decodeValues, exactMismatches, readCaseTensors } from "./golden-case.ts";
import { sharedCaseFile, sharedManifest } from "./golden-files.ts";

let device: GPUDevice;
beforeAll(async () => {
  // No adapter is a failure, never a skip.
  device = await getDevice();
});

const manifest = sharedManifest();
const exactCases = manifest.cases.filter((c) => c.kind === "exact" && GPU_METHODS.has(c.method));

describe("golden exact cases through the WGSL kernels", () => {
  test("the shared golden set is present", () => {
    expect(manifest.cases.length).toBeGreaterThan(0);
  });

  test.each(exactCases.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    const tensors = readCaseTensors(await sharedCaseFile(c.file));
    const expected = tensors.get("expected");
    if (!expected || !c.tolerance) throw new Error(`case ${c.id} lacks expected/tolerance`);
    const out = await mergeTensorGpu(device, caseRequest(c, tensors));
    const got = decodeValues(out, caseOutDtype(c));
    expect(exactMismatches(got, decodeValues(expected.bytes, expected.dtype), c.tolerance)).toEqual([]);
  });
});
