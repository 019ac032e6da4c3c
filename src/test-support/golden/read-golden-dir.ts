/** Node-only: read a golden directory (manifest + case files) from disk. */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type GoldenManifest, parseGoldenManifest } from "./manifest.ts";

/** GOLDEN_DIR from the environment, else <repo>/../shared/golden. */
export function goldenDir(): string {
  const env = process.env.GOLDEN_DIR;
  if (env) return resolve(env);
  return resolve(dirname(fileURLToPath(import.meta.url)), "../../../../shared/golden");
}

/** Read and parse <dir>/manifest.json. */
export function readGoldenManifest(dir = goldenDir()): GoldenManifest {
  const path = join(dir, "manifest.json");
  return parseGoldenManifest(readFileSync(path, "utf8"), path);
}

/** Bytes of one case file. */
export function readGoldenFile(file: string, dir = goldenDir()): Uint8Array {
  return new Uint8Array(readFileSync(join(dir, file)));
}
