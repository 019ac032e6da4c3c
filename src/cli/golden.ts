/**
 * `npm run golden -- --manifest DIR/manifest.json --out OUTDIR [--only id,id|--method m]`:
 * run every case of a golden manifest through the real browser WebGPU kernels (headless
 * Chromium, harness page served by vite, case files served from Node) and write one
 * `<id>.safetensors` per case holding the tensor `output`. Each output is then checked in Node
 * with the shared checkers (exact tolerance or statistical facts). Exit status 1 on any failure.
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { serializeSafetensors } from "../core/safetensors/build-header.ts";
import { checkGoldenCase, decodeGoldenCase, parseGoldenManifest, type GoldenCase } from "../test-support/golden/index.ts";
import { decodeGoldenOutput } from "../test-support/golden/output-file.ts";
import type { GoldenRunResult } from "./golden-harness/main.ts";
import { openGoldenHarness } from "./golden-harness/open-harness.ts";

interface Args {
  manifest: string;
  out: string;
  only: Set<string> | null;
  method: string | null;
}

function usage(): never {
  console.error("usage: npm run golden -- --manifest DIR/manifest.json --out OUTDIR [--only ID,ID] [--method NAME]");
  process.exit(2);
}

function parse(argv: string[]): Args {
  const { values } = parseArgs({ args: argv, options: { manifest: { type: "string" }, out: { type: "string" }, only: { type: "string" }, method: { type: "string" } } });
  if (!values.manifest || !values.out) usage();
  return { manifest: resolve(values.manifest), out: resolve(values.out), only: values.only ? new Set(values.only.split(",")) : null, method: values.method ?? null };
}

/** Serve the manifest's folder read-only on 127.0.0.1 (CORS open: the page has another origin). */
function serveDir(dir: string): Promise<{ server: Server; url: string }> {
  const server = createHttpServer((req, res) => {
    const name = decodeURIComponent((req.url ?? "/").slice(1));
    const path = join(dir, name);
    if (name.includes("..") || name.includes("/") || !existsSync(path)) {
      res.writeHead(404, { "Access-Control-Allow-Origin": "*" }).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "application/octet-stream", "Access-Control-Allow-Origin": "*" });
    createReadStream(path).pipe(res);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => {
    const addr = server.address();
    ok({ server, url: `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}` });
  }));
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  if (!existsSync(args.manifest)) {
    console.error(`${args.manifest}:1:1: error: manifest not found; pass --manifest DIR/manifest.json`);
    return 1;
  }
  const manifest = parseGoldenManifest(readFileSync(args.manifest, "utf8"), args.manifest);
  const dir = dirname(args.manifest);
  const cases = manifest.cases.filter((c) => (!args.only || args.only.has(c.id)) && (!args.method || c.method === args.method));
  if (cases.length === 0) {
    console.error(`${args.manifest}:1:1: error: no case matches the --only/--method filter`);
    return 1;
  }
  mkdirSync(args.out, { recursive: true });
  const files = await serveDir(dir);
  let failed = 0;
  const t0 = Date.now();
  const harness = await openGoldenHarness().catch(async (e: unknown) => {
    files.server.close();
    throw e;
  });
  try {
    const { page } = harness;
    for (const [k, c] of cases.entries()) {
      const prefix = `[${k + 1}/${cases.length}] ${c.id}`;
      try {
        const result: GoldenRunResult = await page.evaluate(([cc, url]) => window.goldenHarness.runCase(cc, url), [c, `${files.url}/${encodeURIComponent(c.file)}`] as [GoldenCase, string]);
        const bytes = new Uint8Array(Buffer.from(result.base64, "base64"));
        const outFile = join(args.out, `${c.id}.safetensors`);
        writeFileSync(outFile, serializeSafetensors([{ name: "output", dtype: result.dtype, shape: c.shape, data: bytes }]));
        const check = checkGoldenCase(c, decodeGoldenCase(c, readFileSync(join(dir, c.file))), decodeGoldenOutput(c, readFileSync(outFile)));
        if (!check.ok) {
          failed++;
          console.error(`${args.manifest}:1:1: error: case ${c.id} (${c.method}) fails its ${c.kind} check: ${check.message}`);
        } else console.log(`${prefix} ok (${c.kind}, ${result.ms.toFixed(0)} ms)`);
      } catch (e) {
        failed++;
        console.error(`${args.manifest}:1:1: error: case ${c.id} (${c.method}) did not run: ${(e as Error).message.split("\n")[0]}`);
      }
    }
  } finally {
    await harness.close();
    files.server.close();
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`golden: ${cases.length - failed}/${cases.length} cases passed, ${failed} failed, outputs in ${args.out} (${secs} s)`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`golden: error: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  },
);
