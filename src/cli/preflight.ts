/**
 * `npm run preflight -- RECIPE [--hub URL] [--token-file F] [--format json]`: the pre-flight
 * report of a recipe, from config.json files and safetensors headers only. Local model paths
 * are relative to the recipe file; everything else is read from the Hub (--hub sets its URL).
 * Exit status 1 when the recipe or the plan has an error.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createHubClient, type HubClient } from "../core/hub/hub-client.ts";
import type { ModelSource } from "../core/model-source/types.ts";
import { formatBytes } from "../core/plan/format-report.ts";
import { formatPreflightReport } from "../core/plan/format-report.ts";
import { preflightRecipe } from "../core/plan/preflight-recipe.ts";
import { formatModelPath } from "../core/recipe/model-ref.ts";
import { parseRecipe } from "../core/recipe/parse.ts";
import type { ModelReference } from "../core/recipe/types.ts";
import { openNodeModelSource } from "./node-model-source.ts";
import { localModelDir, locateProblem } from "./recipe-locations.ts";

interface Args {
  recipe: string;
  hub: string;
  tokenFile: string | null;
  format: "text" | "json";
  maxShardBytes: number | undefined;
}

const USAGE = "usage: npm run preflight -- RECIPE [--hub URL] [--token-file F] [--format text|json] [--out-shard-size 5B]";

/** mergekit's parse_kmb: a plain integer or a decimal K/M/B suffix ("5B" = 5e9 bytes). */
function parseKmb(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([KMB]?)$/i.exec(text.trim());
  if (!m) return null;
  const mult = { "": 1, K: 1e3, M: 1e6, B: 1e9 }[(m[2] ?? "").toUpperCase() as "" | "K" | "M" | "B"];
  const n = Math.floor(Number(m[1]) * mult);
  return n > 0 ? n : null;
}

function parseArgs(argv: string[]): Args | string {
  let recipe: string | null = null;
  let hub = "https://huggingface.co";
  let tokenFile: string | null = null;
  let format: "text" | "json" = "text";
  let maxShardBytes: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--hub") hub = value();
    else if (a === "--token-file") tokenFile = value();
    else if (a === "--format") {
      const f = value();
      if (f !== "json" && f !== "text") return `--format must be json or text, got '${f}'`;
      format = f;
    } else if (a === "--out-shard-size") {
      const v = value();
      const n = parseKmb(v);
      if (n === null) return `--out-shard-size must be a byte count like 5000000000 or 5B (K/M/B decimal), got '${v}'`;
      maxShardBytes = n;
    } else if (a === "--help" || a === "-h") {
      throw new Error("help");
    } else if (a.startsWith("--")) return `unknown option ${a}`;
    else if (recipe === null) recipe = a;
    else return `only one recipe file is accepted (got '${recipe}' and '${a}')`;
  }
  if (recipe === null) return "missing RECIPE";
  return { recipe, hub, tokenFile, format, maxShardBytes };
}

async function main(argv: string[]): Promise<number> {
  let args: Args | string;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if ((err as Error).message === "help") {
      process.stdout.write(`${USAGE}\nPre-flight report of a merge recipe from config.json and safetensors headers only.\n`);
      return 0;
    }
    args = (err as Error).message;
  }
  if (typeof args === "string") {
    process.stderr.write(`preflight: error: ${args}\n${USAGE}\n`);
    return 1;
  }
  const file = args.recipe;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    process.stderr.write(`${file}:1:1: error: cannot read the recipe: ${(err as Error).message}\n`);
    return 1;
  }
  const parsed = parseRecipe(text, { fileName: file });
  for (const d of parsed.diagnostics) process.stderr.write(`${file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]\n`);
  if (!parsed.recipe) {
    process.stdout.write(`preflight: ${file}: the recipe has errors; fix them first\n`);
    return 1;
  }
  const recipe = parsed.recipe;

  let token: string | null = null;
  if (args.tokenFile) {
    try {
      token = readFileSync(args.tokenFile, "utf8").trim() || null;
    } catch (err) {
      process.stderr.write(`preflight: error: cannot read --token-file: ${(err as Error).message}\n`);
      return 1;
    }
  }
  const hub: HubClient = createHubClient({ fetch: globalThis.fetch, baseUrl: args.hub, token });
  const localBytes = { read: 0 };
  const recipeDir = dirname(resolve(file));
  // Like mergekit: a path that exists on disk (relative to the recipe) is a local folder.
  const local = async (ref: ModelReference): Promise<ModelSource | null> => {
    const name = formatModelPath(ref.model);
    process.stderr.write(`reading headers of ${name}...\n`);
    const dir = localModelDir(recipeDir, ref);
    return dir ? countLocal(await openNodeModelSource(name, dir), localBytes) : null;
  };

  const result = await preflightRecipe(recipe, { hub, local }, args.maxShardBytes !== undefined ? { maxShardBytes: args.maxShardBytes } : {});
  if (!result.plan) {
    for (const p of result.problems) {
      const at = locateProblem(parsed, text, p, null);
      process.stderr.write(`${file}:${at.line}:${at.column}: error: ${p.message} [${p.code}] (fix: ${p.fix})\n`);
    }
    process.stdout.write(`preflight: failed reading models; read ${hub.stats.bytesRead + localBytes.read} bytes; ${result.problems.length} errors\n`);
    return 1;
  }
  const plan = result.plan;
  const bytesRead = hub.stats.bytesRead + localBytes.read;
  if (args.format === "json") {
    process.stdout.write(`${JSON.stringify({ plan, bytesRead }, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatPreflightReport(plan)}\n`);
  }
  for (const p of plan.report.problems) {
    if (p.severity === "info") continue;
    const at = locateProblem(parsed, text, p, plan);
    process.stderr.write(`${file}:${at.line}:${at.column}: ${p.severity}: ${p.message} [${p.code}] (fix: ${p.fix})\n`);
  }
  const errors = plan.report.problems.filter((p) => p.severity === "error").length;
  const warnings = plan.report.problems.filter((p) => p.severity === "warning").length;
  // With --format json stdout holds only the JSON document; the summary goes to stderr.
  (args.format === "json" ? process.stderr : process.stdout).write(
    `preflight: ${plan.totals.tensorCount} tensors, ${formatBytes(plan.totals.outputBytes)} in ${plan.totals.shardCount} shard(s), ` +
      `${formatBytes(plan.totals.bytesToFetch)} to fetch; read ${bytesRead} bytes (${formatBytes(bytesRead)}) to make this report; ${errors} errors, ${warnings} warnings\n`,
  );
  return errors > 0 ? 1 : 0;
}

/** Counts bytes read from a local source, for the "bytes actually read" line. */
function countLocal(source: ModelSource, counter: { read: number }): ModelSource {
  const count = (b: Uint8Array): Uint8Array => {
    counter.read += b.byteLength;
    return b;
  };
  return {
    describe: () => source.describe(),
    listFiles: () => source.listFiles(),
    readFile: async (p) => count(await source.readFile(p)),
    readRange: async (p, a, b) => count(await source.readRange(p, a, b)),
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`preflight: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
