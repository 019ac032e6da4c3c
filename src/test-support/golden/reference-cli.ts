/**
 * Run a golden manifest through the TS reference methods, or check a directory of harness outputs.
 *   tsx src/test-support/golden/reference-cli.ts [--manifest DIR/manifest.json] [--out DIR]
 *   tsx src/test-support/golden/reference-cli.ts --check DIR [--manifest DIR/manifest.json]
 * Default manifest: $GOLDEN_DIR or ../shared/golden. --out writes <id>.safetensors (tensor
 * `output`) per case; --check reads them from DIR instead of running the reference. Prints one
 * `FILE:LINE:COL: error:` line per failing case, a summary last, and exits 1 on any failure.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { getMethod } from "../../core/methods/registry.ts";
import { decodeGoldenCase, goldenMethodInputs } from "./case-inputs.ts";
import { checkGoldenCase } from "./check-case.ts";
import { parseGoldenManifest } from "./manifest.ts";
import { decodeGoldenOutput, encodeGoldenOutput, goldenOutputName } from "./output-file.ts";
import { goldenDir } from "./read-golden-dir.ts";

function parseArgs(argv: string[]): { manifest: string; out?: string; check?: string } {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a !== "--manifest" && a !== "--out" && a !== "--check") {
      throw new Error(`unknown argument "${a}"; use --manifest FILE, --out DIR or --check DIR.`);
    }
    if (argv[i + 1] === undefined) throw new Error(`${a} needs a value.`);
    args[a.slice(2)] = argv[++i];
  }
  return { manifest: resolve(args.manifest ?? join(goldenDir(), "manifest.json")), out: args.out, check: args.check };
}

function main(): number {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`golden: error: ${(e as Error).message}`);
    return 1;
  }
  if (!existsSync(opts.manifest)) {
    console.error(`${opts.manifest}:1:1: error: manifest not found; pass --manifest DIR/manifest.json or set GOLDEN_DIR.`);
    return 1;
  }
  const text = readFileSync(opts.manifest, "utf8");
  const lines = text.split("\n");
  const lineOf = (id: string) => Math.max(1, lines.findIndex((l) => l.includes(`"id": "${id}"`)) + 1);
  const manifest = parseGoldenManifest(text, opts.manifest);
  const dir = dirname(opts.manifest);
  if (opts.out) mkdirSync(opts.out, { recursive: true });
  let failed = 0;
  manifest.cases.forEach((c, k) => {
    const where = `${opts.manifest}:${lineOf(c.id)}:1`;
    try {
      const tensors = decodeGoldenCase(c, new Uint8Array(readFileSync(join(dir, c.file))));
      let out: Float32Array;
      if (opts.check) {
        out = decodeGoldenOutput(c, new Uint8Array(readFileSync(join(opts.check, goldenOutputName(c)))));
      } else {
        const spec = getMethod(c.method);
        if (!spec) throw new Error(`unknown merge method "${c.method}"`);
        out = spec.reference(goldenMethodInputs(c, tensors, manifest.conventions.weight_name, 0));
        if (opts.out) writeFileSync(join(opts.out, goldenOutputName(c)), encodeGoldenOutput(c, out));
      }
      const res = checkGoldenCase(c, tensors, out);
      if (!res.ok) {
        failed++;
        console.error(`${where}: error: ${c.id}: ${res.message}`);
      } else {
        console.log(`[${k + 1}/${manifest.cases.length}] ${c.id} ok`);
      }
    } catch (e) {
      failed++;
      console.error(`${where}: error: ${c.id}: ${(e as Error).message}`);
    }
  });
  const what = opts.check ? `outputs in ${opts.check}` : "TS reference";
  console.log(`golden: ${manifest.cases.length - failed}/${manifest.cases.length} cases pass (${what}, set "${manifest.set}")`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = main();
