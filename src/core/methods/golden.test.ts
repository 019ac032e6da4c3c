// Every case of the golden manifest through the TS reference (kernels: engineer D's browser test).
import { describe, expect, test } from "vitest";
import { getMethod } from "./registry.ts";
import { checkGoldenCase, decodeGoldenCase, goldenMethodInputs } from "../../test-support/golden/index.ts";
import { readGoldenFile, readGoldenManifest } from "../../test-support/golden/read-golden-dir.ts";

const manifest = readGoldenManifest();

describe(`golden cases (${manifest.set}, ${manifest.cases.length})`, () => {
  test.each(manifest.cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const spec = getMethod(c.method);
    expect(spec, `unknown method ${c.method}`).toBeDefined();
    const tensors = decodeGoldenCase(c, readGoldenFile(c.file));
    const out = spec!.reference(goldenMethodInputs(c, tensors, manifest.conventions.weight_name, 1234));
    const res = checkGoldenCase(c, tensors, out);
    expect(res.ok, `${c.id}: ${res.message}`).toBe(true);
  });
});
