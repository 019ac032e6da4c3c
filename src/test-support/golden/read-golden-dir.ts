/** Node-only: read a golden directory (manifest + case files) from disk. */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type GoldenManifest, parseGoldenManifest } from "./manifest.ts";
import { GOLDEN_DIR } from "../shared-dirs.ts";

/** GOLDEN_DIR from the environment, else <repo>/../shared/golden. */
export function goldenDir(): string {
  return resolve(GOLDEN_DIR);
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
