// Runs `preflight` as a user would: a child process on real files, against local folders
// (the shared testbed) and against the local Hub server over real HTTP.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestModel } from "../core/plan/testing/build-test-model";
import { startTestHub, type TestHub } from "../test-hub/hub-server";
import { TESTBED_DIR } from "../test-support/shared-dirs.ts";

const TESTBED = TESTBED_DIR;
const TOKEN = "hf_cli_token";
let dir: string;
let hub: TestHub;
let famDir: string;

function preflight(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("node_modules/.bin/tsx", ["src/cli/preflight.ts", ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function recipe(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "preflight-cli-"));
  // Outside the recipe folder: a relative path that exists locally would be read from disk.
  const fam = mkdtempSync(join(tmpdir(), "preflight-fam-"));
  famDir = fam;
  const specs = { base: {}, a: {}, b: { shapeOverride: { "model.layers.1.self_attn.q_proj.weight": [16, 8] } } };
  for (const [name, extra] of Object.entries(specs)) {
    mkdirSync(join(fam, name), { recursive: true });
    for (const [path, bytes] of buildTestModel({ layers: 2, shards: 2, ...extra })) writeFileSync(join(fam, name, path), bytes);
  }
  hub = await startTestHub({ orgs: { fam }, tokens: [TOKEN] });
  hub.addRepo("fam/locked", join(fam, "base"), { gated: "manual" });
  writeFileSync(join(dir, "token"), `${TOKEN}\n`);
}, 30_000);
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(famDir, { recursive: true, force: true });
});

describe.concurrent("npm run preflight", { timeout: 60_000 }, () => {
  it("reports a TIES plan over local testbed folders given relative to the recipe", async () => {
    const rel = relative(dir, TESTBED);
    const file = recipe("ties.yml", `merge_method: ties\nbase_model: ${rel}/base\nmodels:\n  - model: ${rel}/task_a\n    parameters: {weight: 0.5, density: 0.5}\n  - model: ${rel}/task_b\n    parameters: {weight: 0.5, density: 0.5}\ndtype: bfloat16\n`);
    const r = await preflight([file, "--out-shard-size", "1M"]);
    expect(r.stderr).not.toContain("error:");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/output tensors: \d+/);
    expect(r.stdout).toMatch(/shards: [2-9]\n  model-00001-of-0000[2-9]\.safetensors: /);
    expect(r.stdout).toMatch(/layer map: \d+ output layers/);
    expect(r.stdout).toContain("bytes to fetch:");
    const last = r.stdout.trim().split("\n").at(-1) ?? "";
    expect(last).toMatch(/^preflight: \d+ tensors, .* read \d+ bytes .* 0 errors, 0 warnings$/);
  });

  it("reports an injected shape mismatch from the Hub with FILE:LINE:COL, a fix and exit 1, reading < 1 MB per model", async () => {
    hub.stats.reset();
    const file = recipe("mismatch.yml", "merge_method: linear\nmodels:\n  - model: fam/a\n    parameters: {weight: 1}\n  - model: fam/b\n    parameters: {weight: 1}\n");
    const r = await preflight([file, "--hub", hub.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${file}:5:12: error: tensor 'model.layers.1.self_attn.q_proj.weight' has different shapes across models: fam/a \\[16, 16\\], fam/b \\[16, 8\\].*\\[shape-mismatch\\] \\(fix: `));
    expect(r.stdout).toMatch(/1 errors/);
    for (const id of ["fam/a", "fam/b"]) expect(hub.stats.bytesFor(id)).toBeLessThan(1_000_000);
    const read = Number(/read (\d+) bytes/.exec(r.stdout)?.[1]);
    // the client also counts API JSON (model info, file tree); the server counts file bytes only
    expect(read).toBeGreaterThanOrEqual(hub.stats.bytesFor("fam/a") + hub.stats.bytesFor("fam/b"));
    expect(read).toBeLessThan(2_000_000);
    expect(read).toBeGreaterThan(0);
  });

  it("asks for a token for a gated repo and works with --token-file; --format json gives the plan", async () => {
    const file = recipe("gated.yml", "merge_method: passthrough\nmodels:\n  - model: fam/locked\n");
    const anon = await preflight([file, "--hub", hub.url]);
    expect(anon.code).toBe(1);
    expect(anon.stderr).toMatch(new RegExp(`${file}:3:12: error: .*this repo is gated; add a Hugging Face token with access.*\\[model-gated\\] \\(fix: `));
    expect(anon.stderr + anon.stdout).not.toContain(TOKEN);
    const ok = await preflight([file, "--hub", hub.url, "--token-file", join(dir, "token"), "--format", "json"]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/preflight: \d+ tensors/);
    const json = JSON.parse(ok.stdout) as { plan: { models: { commitSha: string }[]; report: { ok: boolean } }; bytesRead: number };
    expect(json.plan.report.ok).toBe(true);
    expect(json.plan.models[0]?.commitSha).toBe(hub.commitSha("fam/locked"));
    expect(ok.stdout + ok.stderr).not.toContain(TOKEN);
  });

  it("points a layer_range beyond the model at its YAML line and column", async () => {
    const file = recipe("franken.yml", `merge_method: passthrough\nslices:\n  - sources:\n      - model: ${TESTBED}/base\n        layer_range: [0, 3]\n  - sources:\n      - model: ${TESTBED}/task_a\n        layer_range: [2, 6]\n`);
    const r = await preflight([file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:8:22: error: slices[1].sources[0].layer_range [2, 6] does not fit model '${TESTBED}/task_a' with 4 layers [layer-range-out-of-bounds] (fix: `);
  });

  it("prints recipe diagnostics as FILE:LINE:COL and exits 1", async () => {
    const file = recipe("broken.yml", "merge_method: linear\nmodels:\n  - model: fam/a\n    parameters: {weight: [1, \n");
    const r = await preflight([file, "--hub", hub.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${file}:\\d+:\\d+: error: `, "m"));
  });
});
