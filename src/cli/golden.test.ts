import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { checkGoldenCase, decodeGoldenCase, parseGoldenManifest } from "../test-support/golden/index.ts";
import { decodeGoldenOutput } from "../test-support/golden/output-file.ts";
import { goldenDir } from "../test-support/golden/read-golden-dir.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const GOLDEN = goldenDir();
const SUBSET = ["linear-p04", "ties-p02", "dare_ties-p05", "della-p03", "arcee_fusion-p04", "karcher-p03"];

function runGolden(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/golden.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 150_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("npm run golden (real headless Chromium + WebGPU)", () => {
  // One run (Chromium + vite start once): six real cases, plus a case whose parameters disagree
  // with its expected output and a case whose file is missing.
  test("writes <id>.safetensors holding `output` per case, passing cases pass the shared checks, failures exit 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "golden-cli-"));
    const manifest = parseGoldenManifest(readFileSync(join(GOLDEN, "manifest.json"), "utf8"));
    const cases = SUBSET.map((id) => manifest.cases.find((c) => c.id === id)!);
    for (const c of cases) copyFileSync(join(GOLDEN, c.file), join(dir, c.file));
    const wrong = structuredClone(manifest.cases.find((c) => c.id === "linear-p01")!);
    wrong.id = "linear-wrong-weights";
    wrong.resolved_params.models = [{ weight: 0.9 }, { weight: 0.1 }];
    copyFileSync(join(GOLDEN, wrong.file), join(dir, wrong.file));
    const missing = { ...structuredClone(wrong), id: "linear-missing", file: "nope.safetensors" };
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ ...manifest, cases: [...cases, wrong, missing] }));
    const out = join(dir, "out");
    const r = runGolden(["--manifest", join(dir, "manifest.json"), "--out", out]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\[6\/8\] karcher-p03 ok/);
    expect(r.err).toMatch(/manifest\.json:1:1: error: case linear-wrong-weights \(linear\) fails its exact check/);
    expect(r.err).toMatch(/manifest\.json:1:1: error: case linear-missing \(linear\) did not run: .*HTTP 404/);
    expect(r.out.trim().split("\n").at(-1)).toMatch(/^golden: 6\/8 cases passed, 2 failed/);
    for (const c of cases) {
      const output = decodeGoldenOutput(c, readFileSync(join(out, `${c.id}.safetensors`)));
      const check = checkGoldenCase(c, decodeGoldenCase(c, readFileSync(join(GOLDEN, c.file))), output);
      expect(check.ok, `${c.id}: ${check.message}`).toBe(true);
    }
    expect(existsSync(join(out, "linear-wrong-weights.safetensors"))).toBe(true);
  }, 180_000);
});
