/**
 * The shared golden set (../shared/golden) as served by vite to the gpu tests. Files come through
 * vite's import.meta.glob, so vite.config.ts must allow serving ../shared (server.fs.allow).
 */
import { parseGoldenManifest, type GoldenManifest } from "../../test-support/golden/manifest.ts";

const manifests = import.meta.glob("../../../../shared/golden/manifest.json", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const files = import.meta.glob("../../../../shared/golden/*.safetensors", { query: "?url", import: "default", eager: true }) as Record<string, string>;

/** The shared manifest; throws (never skips) when the golden set is missing. */
export function sharedManifest(): GoldenManifest {
  const raw = Object.values(manifests)[0];
  if (raw === undefined) throw new Error("../shared/golden/manifest.json not found: the golden tests need the shared golden set next to the repo.");
  return parseGoldenManifest(raw, "../shared/golden/manifest.json");
}

/** Bytes of one case file of the shared set. */
export async function sharedCaseFile(file: string): Promise<Uint8Array> {
  const url = files[`../../../../shared/golden/${file}`];
  if (url === undefined) throw new Error(`golden file ${file} not found under ../shared/golden`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`golden file ${file}: HTTP ${res.status} from the vite server (is ../shared in server.fs.allow?)`);
  return new Uint8Array(await res.arrayBuffer());
}
