/**
 * Helpers of the engine e2e specs (e2e/merge*.spec.ts): the testbed served by the local Hub
 * server, recipes written to temp files, and the check that every output tensor equals the TS
 * reference merge of its inputs within the golden BF16 tolerance.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getMethod } from "../src/core/methods/registry.ts";
import type { MergePlan } from "../src/core/plan/types.ts";
import { parseSafetensorsFile } from "../src/core/safetensors/parse-file.ts";
import { decodeTensorToF32, encodeF32ToTensor } from "../src/core/safetensors/tensor-codec.ts";
import { buildSafetensorsHeader } from "../src/core/safetensors/build-header.ts";
import { checkExact } from "../src/test-support/golden/check-exact.ts";
import { llamaConfig, llamaTensors, type LlamaShape } from "../src/test-support/synthetic-family/llama-layout.ts";
import { TESTBED_DIR } from "../src/test-support/shared-dirs.ts";

/** The tiny trained Llama family (base, task_a, task_b, task_c). */
export const TESTBED = TESTBED_DIR;
export const HAVE_TESTBED = existsSync(join(TESTBED, "base", "model.safetensors"));

/** A fresh temp folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `merge-e2e-${prefix}-`));
}

/** Write `yaml` as a recipe file and return its path. */
export function writeRecipe(dir: string, name: string, yaml: string): string {
  const file = join(dir, `${name}.yml`);
  writeFileSync(file, yaml);
  return file;
}

/**
 * Compare every output tensor in `outDir` with the TS reference (src/core/methods) run on the
 * same input bytes; `dirOf(repo)` maps a plan model to its folder on disk. Returns failures.
 */
export function compareWithReference(plan: MergePlan, outDir: string, dirOf: (repo: string) => string): string[] {
  const failures: string[] = [];
  const files = new Map<string, Uint8Array>();
  const read = (path: string): Uint8Array => {
    let f = files.get(path);
    if (!f) files.set(path, (f = new Uint8Array(readFileSync(path))));
    return f;
  };
  const shards = plan.shards.map((s) => {
    const bytes = read(join(outDir, s.fileName));
    return { bytes, header: parseSafetensorsFile(bytes) };
  });
  for (const t of plan.tensors) {
    const inputs = t.sources.map((s) => ({ role: s.role, data: decodeTensorToF32(read(join(dirOf(plan.models[s.modelIndex].repo), s.file)).subarray(s.byteRange[0], s.byteRange[1]), s.dtype, s.tensorName) }));
    const method = getMethod(t.method);
    if (!method) throw new Error(`unknown method ${t.method}`);
    const raw = method.reference({
      models: inputs.filter((i) => i.role === "model").map((i) => i.data),
      base: inputs.find((i) => i.role === "base")?.data ?? null,
      shape: t.shape, global: t.global, perModel: t.perModel, seed: t.seed, tensorName: t.name,
    });
    const expected = decodeTensorToF32(encodeF32ToTensor(raw, t.dtype), t.dtype);
    const { bytes, header } = shards[t.shard];
    const info = header.byName.get(t.name);
    if (!info) {
      failures.push(`${t.name}: missing from ${plan.shards[t.shard].fileName}`);
      continue;
    }
    const got = decodeTensorToF32(bytes.subarray(header.dataStart + info.dataOffsets[0], header.dataStart + info.dataOffsets[1]), info.dtype, t.name);
    let maxAbs = 0;
    for (const v of expected) if (Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
    // The golden BF16 rule: 2 bf16 ulps of max|expected| absolute, plus 2^-7 relative.
    const ulp = maxAbs > 0 ? 2 ** (Math.floor(Math.log2(maxAbs)) - 7) : 2 ** -133;
    const r = checkExact(got, expected, { max_abs: 2 * ulp, rel: 2 ** -7 });
    if (!r.ok) failures.push(`${t.name} (${t.method}): ${r.message}`);
  }
  return failures;
}

/**
 * A Llama model folder whose weights file has a real header but is sparse (holes, no disk used):
 * plans see its full size, and any weight read would return zeros. For quota tests.
 */
export function writeSparseModel(dir: string, shape: LlamaShape): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "config.json"), JSON.stringify(llamaConfig(shape, "bfloat16"), null, 2));
  const header = buildSafetensorsHeader(llamaTensors(shape).map((t) => ({ name: t.name, dtype: "BF16", shape: t.shape })));
  const file = join(dir, "model.safetensors");
  writeFileSync(file, header.bytes);
  truncateSync(file, header.dataStart + header.dataLength);
  return dir;
}
