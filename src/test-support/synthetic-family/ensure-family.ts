import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFamily, type FamilyOptions, type WrittenModel } from "./write-family.ts";

/**
 * A synthetic family for tests, generated once per machine and reused: the folder is named
 * after a hash of the options, written under a temporary name and renamed into place, so
 * parallel test files never see a half-written family. Serve it with
 * `startTestHub({ orgs: { synth: family.dir } })` (repos synth/base, synth/ft_1, ...).
 */
export function ensureFamily(opts: Omit<FamilyOptions, "out" | "onProgress">, cacheRoot = join(tmpdir(), "merge-studio-families")): { dir: string; models: WrittenModel[] } {
  const key = createHash("sha256").update(JSON.stringify(opts, Object.keys(opts).sort())).digest("hex").slice(0, 16);
  const dir = join(cacheRoot, key);
  const manifest = join(dir, ".family.json");
  if (existsSync(manifest)) return { dir, models: JSON.parse(readFileSync(manifest, "utf8")) as WrittenModel[] };
  mkdirSync(cacheRoot, { recursive: true });
  const staging = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    const written = writeFamily({ ...opts, out: staging });
    const models = written.map((m) => ({ ...m, dir: join(dir, m.name) }));
    writeFileSync(join(staging, ".family.json"), JSON.stringify(models));
    try {
      renameSync(staging, dir);
    } catch (e) {
      if (!existsSync(manifest)) throw e; // someone else finished first: use theirs
    }
    return { dir, models };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
