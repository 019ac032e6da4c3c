/**
 * The recipe command as a user runs it: a child process (the package's bin) on real fixture
 * files; checks output lines, exit codes, fmt idempotence and the share -> open round trip.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseRecipe } from "../core/recipe/index.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const FIX = "src/core/recipe/fixtures";
const BIN = join(ROOT, "bin", "merge-studio-recipe.js");

/** Runs the bin like a user would; async so independent tests run side by side. */
function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 60_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => { stdout += c; });
    child.stderr.setEncoding("utf8").on("data", (c: string) => { stderr += c; });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
const lines = (s: string) => s.trimEnd().split("\n");
const tmp = mkdtempSync(join(tmpdir(), "recipe-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.concurrent("recipe check", () => {
  it("passes every real recipe (exit 0, no errors)", async () => {
    const files = [...readdirSync(join(ROOT, FIX, "hub")).map((f) => `${FIX}/hub/${f}`), ...readdirSync(join(ROOT, FIX, "mergekit-examples")).map((f) => `${FIX}/mergekit-examples/${f}`)];
    const r = await run("check", ...files);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/: error: /);
    expect(lines(r.stdout).at(-1)).toMatch(new RegExp(`^${files.length} files, 0 errors, \\d+ warnings$`));
  });
  it("reports errors as FILE:LINE:COL with codes and suggestions, exit 1", async () => {
    const r = await run("check", `${FIX}/broken/typos.yml`, `${FIX}/broken/warnings-only.yml`, `${FIX}/broken/multi-cycle.yml`);
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    expect(out).toContainEqual(expect.stringMatching(/^src\/core\/recipe\/fixtures\/broken\/typos\.yml:2:15: error: unknown merge_method 'tie'\. Did you mean 'ties'\?.* \[unknown-merge-method\]$/));
    expect(out).toContainEqual(expect.stringMatching(/^src\/core\/recipe\/fixtures\/broken\/typos\.yml:9:8: error: .*Did you mean 'bfloat16'\? \[unknown-dtype\]$/));
    expect(out).toContainEqual(expect.stringMatching(/warnings-only\.yml:7:16: warning: density = 1\.5 is outside \[0, 1\].* \[out-of-range\]$/));
    expect(out).toContainEqual(expect.stringMatching(/warnings-only\.yml:9:7: warning: .*'gama'.* \[unknown-parameter\]$/));
    expect(out).toContainEqual(expect.stringMatching(/multi-cycle\.yml:2:1: error: .* \[reference-cycle\]$/));
    expect(out.at(-1)).toBe("3 files, 3 errors, 2 warnings");
  });
  it("exits 0 on warnings only, and --ignore silences them", async () => {
    expect((await run("check", `${FIX}/broken/warnings-only.yml`)).code).toBe(0);
    const r = await run("check", "--ignore", "out-of-range,unknown-parameter", `${FIX}/broken/warnings-only.yml`);
    expect(r.stdout.trim()).toBe("1 file, 0 errors, 0 warnings");
  });
  it("--format json gives the same diagnostics as data", async () => {
    const r = await run("check", "--format", "json", `${FIX}/broken/typos.yml`, "no/such/file.yml");
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { files: { file: string; diagnostics: { code: string; line: number; column: number }[] }[]; summary: { files: number; errors: number; warnings: number } };
    expect(j.summary).toEqual({ files: 2, errors: 3, warnings: 0 });
    expect(j.files[0]?.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`)).toEqual(["unknown-merge-method@2:15", "unknown-dtype@9:8"]);
    expect(j.files[1]?.diagnostics[0]?.code).toBe("unreadable-file");
  });
  it("rejects bad usage with exit 2", async () => {
    const r = await run("lint", "x.yml");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'lint'");
  });
});

describe.concurrent("recipe fmt", () => {
  it("--check lists files that would change (exit 1); fmt rewrites; a second fmt changes nothing", async () => {
    const file = join(tmp, "ties.yml");
    copyFileSync(join(ROOT, FIX, "mergekit-examples", "ties.yml"), file);
    const before = readFileSync(file, "utf8");
    const chk = await run("fmt", "--check", file);
    expect(chk.code).toBe(1);
    expect(lines(chk.stdout)).toEqual([`${file}: would reformat`, "1 file, 1 would be reformatted"]);
    expect(readFileSync(file, "utf8")).toBe(before);
    expect((await run("fmt", file)).code).toBe(0);
    const once = readFileSync(file, "utf8");
    expect(once.startsWith("# Source: github.com/arcee-ai/mergekit")).toBe(true);
    expect(parseRecipe(once).recipe).toEqual(parseRecipe(before).recipe);
    const again = await run("fmt", "--check", file);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe("1 file, 0 would be reformatted");
    expect(readFileSync(file, "utf8")).toBe(once);
  });
  it("refuses to format a file with errors", async () => {
    const file = join(tmp, "bad.yml");
    writeFileSync(file, "merge_method: tie\nmodels:\n  - model: a\n");
    const r = await run("fmt", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:1:15: error:`);
    expect(readFileSync(file, "utf8")).toBe("merge_method: tie\nmodels:\n  - model: a\n");
  });
});

describe.concurrent("recipe share / open", () => {
  it("share prints a URL that open turns back into the same recipe", async () => {
    const file = `${FIX}/mergekit-examples/ties.yml`;
    const s = await run("share", "--base-url", "https://studio.example/app/", file);
    expect(s.code).toBe(0);
    const url = s.stdout.trim();
    expect(url).toMatch(/^https:\/\/studio\.example\/app\/#r=1\.[A-Za-z0-9_-]+$/);
    const o = await run("open", url);
    expect(o.code).toBe(0);
    expect(parseRecipe(o.stdout).recipe).toEqual(parseRecipe(readFileSync(join(ROOT, file), "utf8")).recipe);
  });
  it("share refuses local paths; open reports a damaged link", async () => {
    const s = await run("share", `${FIX}/broken/local-path.yml`);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/local-path\.yml:1:1: error: .* \[local-path-in-share\]/);
    expect(s.stdout).toBe("");
    const o = await run("open", "https://studio.example/#r=1.lZBBTsMwEEX3PsUcACdp1F");
    expect(o.code).toBe(1);
    expect(o.stderr).toMatch(/^<share-link>:1:1: error: .* \[share-truncated\]$/m);
  });
});
