// `npm run make-family -- --out DIR [--models N] [--layers L] [--hidden H] [--intermediate I] [--vocab V]
//   [--heads A] [--kv-heads K] [--head-dim D] [--dtype bf16|f16|f32] [--shards S | --max-shard-size 500MB]
//   [--seed N] [--delta 0.05] [--tie-embeddings]`
// Writes a synthetic Llama family (base + N fine-tunes) in Hub layout; serve it with
// `npm run hub -- --org synth=DIR`.
import { writeFamily, type FamilyOptions } from "./write-family.ts";

const FILE = "src/test-support/synthetic-family/cli.ts";

function fail(msg: string): never {
  console.error(`${FILE}:1:1: error: ${msg}`);
  process.exit(1);
}

function parseSize(flag: string, v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)?$/i.exec(v);
  if (!m) fail(`${flag} expects a size like 500MB or 2GiB, got "${v}"`);
  const mult: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
  return Math.floor(Number(m[1]) * mult[(m[2] ?? "B").toLowerCase()]);
}

function parseArgs(argv: string[]): FamilyOptions {
  const o: Partial<FamilyOptions> & { out?: string } = {
    fineTunes: 3, layers: 4, hidden: 256, intermediate: 688, vocab: 1024, heads: 4, kvHeads: 2, dtype: "BF16",
  };
  const ints: Record<string, keyof FamilyOptions> = {
    "--models": "fineTunes", "--layers": "layers", "--hidden": "hidden", "--intermediate": "intermediate", "--vocab": "vocab",
    "--heads": "heads", "--kv-heads": "kvHeads", "--head-dim": "headDim", "--shards": "shards", "--seed": "seed",
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--tie-embeddings") {
      o.tieEmbeddings = true;
      continue;
    }
    const v = argv[++i];
    if (v === undefined) fail(`${flag} needs a value`);
    if (flag in ints) {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) fail(`${flag} expects a non-negative integer, got "${v}"`);
      (o as Record<string, unknown>)[ints[flag]] = n;
    } else if (flag === "--out") o.out = v;
    else if (flag === "--dtype") {
      const d = v.toUpperCase();
      if (d !== "BF16" && d !== "F16" && d !== "F32") fail(`--dtype expects bf16, f16 or f32, got "${v}"`);
      o.dtype = d;
    } else if (flag === "--max-shard-size") o.maxShardBytes = parseSize(flag, v);
    else if (flag === "--delta") {
      const d = Number(v);
      if (!(d >= 0 && d <= 10)) fail(`--delta expects a number 0..10, got "${v}"`);
      o.deltaScale = d;
    } else fail(`unknown option ${flag} (see the usage at the top of ${FILE})`);
  }
  if (!o.out) fail("--out DIR is required: the folder to write base/, ft_1/, ... into");
  if (o.shards !== undefined && o.maxShardBytes !== undefined) fail("give --shards or --max-shard-size, not both");
  return o as FamilyOptions;
}

const opts = parseArgs(process.argv.slice(2));
const t0 = Date.now();
try {
  const models = writeFamily({ ...opts, onProgress: (line) => console.log(line) });
  const bytes = models.reduce((n, m) => n + m.totalSize, 0);
  console.log(`wrote ${models.length} models (${models.map((m) => m.name).join(", ")}) to ${opts.out}: ${(bytes / 1e6).toFixed(1)} MB of tensors in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
} catch (e) {
  fail((e as Error).message);
}
