import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTsx } from "../../test-hub/run-tsx.ts";

const tmp = mkdtempSync(join(tmpdir(), "cli-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.concurrent("npm run make-family", () => {
  it("writes a family and prints a summary line", async () => {
    const out = join(tmp, "fam");
    const r = await runTsx("src/test-support/synthetic-family/cli.ts", ["--out", out, "--models", "1", "--layers", "1", "--hidden", "32", "--intermediate", "64", "--vocab", "40", "--shards", "2", "--dtype", "f16"]);
    expect(r.code).toBe(0);
    expect(r.out.trim().split("\n").pop()).toMatch(/^wrote 2 models \(base, ft_1\) to .*MB of tensors/);
    expect(readdirSync(join(out, "ft_1"))).toContain("model-00002-of-00002.safetensors");
  });

  it("rejects unknown options with exit status 1", async () => {
    const r = await runTsx("src/test-support/synthetic-family/cli.ts", ["--out", tmp, "--dtype", "int4"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cli\.ts:1:1: error: --dtype expects bf16, f16 or f32, got "int4"/);
  });
});
