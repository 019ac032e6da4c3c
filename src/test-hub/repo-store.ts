import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** Per-repo settings, from `<repo>/.hub.json` or the server options. */
export interface RepoSettings {
  /** false, or the Hub's gate kind. A gated repo's files need a token with access. */
  gated?: false | "auto" | "manual";
  /** Private repos are invisible (401/404 RepoNotFound) without a token with access. */
  private?: boolean;
  /** Tokens granted access (gated/private). Absent: every valid server token has access. */
  grantedTokens?: string[];
  likes?: number;
  downloads?: number;
  tags?: string[];
  cardData?: Record<string, unknown>;
}

/** One file of a repo snapshot. */
export interface RepoFile {
  path: string;
  absPath: string;
  size: number;
  /** LFS-tracked (weights, or anything over 10 MB), as on the Hub. */
  lfs: boolean;
  /** Git blob oid (sha1) of the file, or of its LFS pointer. */
  oid: string;
  /** sha256 of the content (the LFS oid); for LFS files only. */
  sha256?: string;
}

/** A repo snapshot: its files and a commit sha derived from their contents. */
export interface RepoSnapshot {
  files: RepoFile[];
  byPath: Map<string, RepoFile>;
  sha: string;
}

/** Files above this size are hashed by a fingerprint (size + first/last MiB) so start-up stays fast. */
const FULL_HASH_LIMIT = 64 << 20;
const LFS_THRESHOLD = 10 << 20;
const LFS_EXT = /\.(safetensors|bin|pt|pth|gguf|onnx|msgpack|h5)$/;

/** Whether the Hub keeps a file in LFS: weights by extension, anything over 10 MB. */
export function isLfsFile(path: string, size: number): boolean {
  return LFS_EXT.test(path) || size > LFS_THRESHOLD;
}

function digest(kind: "sha1" | "sha256", parts: (string | Uint8Array)[]): string {
  const h = createHash(kind);
  for (const p of parts) h.update(p);
  return h.digest("hex");
}

function readAt(absPath: string, pos: number, len: number): Buffer {
  const buf = Buffer.alloc(len);
  const fd = openSync(absPath, "r");
  try {
    readSync(fd, buf, 0, len, pos);
  } finally {
    closeSync(fd);
  }
  return buf;
}

/** sha256 of a file, or a stable fingerprint of it when it is huge. */
function contentSha256(absPath: string, size: number): string {
  if (size <= FULL_HASH_LIMIT) return digest("sha256", [readFileSync(absPath)]);
  const mib = 1 << 20;
  return digest("sha256", [`fingerprint:${size}:`, readAt(absPath, 0, mib), readAt(absPath, size - mib, mib)]);
}

function gitBlobOid(content: Uint8Array): string {
  return digest("sha1", [`blob ${content.length}\0`, content]);
}

function walk(dir: string, root: string, out: string[]): void {
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    if (ent.name.startsWith(".")) continue; // .hub.json, .git, editor files
    const abs = join(dir, ent.name);
    if (ent.isDirectory()) walk(abs, root, out);
    else if (ent.isFile()) out.push(relative(root, abs).split(sep).join("/"));
  }
}

/** Read a repo folder into a snapshot: file list, oids, and the commit sha. */
export function snapshotRepo(dir: string): RepoSnapshot {
  const paths: string[] = [];
  walk(dir, dir, paths);
  paths.sort();
  const files = paths.map((path): RepoFile => {
    const absPath = join(dir, ...path.split("/"));
    const size = statSync(absPath).size;
    const lfs = isLfsFile(path, size);
    if (!lfs) return { path, absPath, size, lfs, oid: gitBlobOid(readFileSync(absPath)) };
    const sha256 = contentSha256(absPath, size);
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
    return { path, absPath, size, lfs, oid: gitBlobOid(new TextEncoder().encode(pointer)), sha256 };
  });
  const sha = digest("sha1", files.map((f) => `${f.path}\0${f.oid}\n`));
  return { files, byPath: new Map(files.map((f) => [f.path, f])), sha };
}

/** Settings from `<dir>/.hub.json`, merged over `base`. */
export function readRepoSettings(dir: string, base: RepoSettings = {}): RepoSettings {
  const p = join(dir, ".hub.json");
  if (!existsSync(p)) return { ...base };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(p, "utf8"));
  } catch (e) {
    throw new Error(`${p}:1:1: error: invalid JSON in repo settings (${(e as Error).message})`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new Error(`${p}:1:1: error: repo settings must be a JSON object like {"gated": "manual"}`);
  }
  const r = raw as Record<string, unknown>;
  const bad = (field: string, want: string) => {
    throw new Error(`${p}:1:1: error: "${field}" must be ${want}, got ${JSON.stringify(r[field])}`);
  };
  if (r.gated !== undefined && ![true, false, "auto", "manual"].includes(r.gated as never)) bad("gated", 'false, true, "auto" or "manual"');
  if (r.private !== undefined && typeof r.private !== "boolean") bad("private", "true or false");
  if (r.grantedTokens !== undefined && !(Array.isArray(r.grantedTokens) && r.grantedTokens.every((t) => typeof t === "string"))) bad("grantedTokens", "an array of token strings");
  for (const k of ["likes", "downloads"]) if (r[k] !== undefined && !Number.isInteger(r[k])) bad(k, "an integer");
  const s = { ...base, ...(r as RepoSettings) };
  if ((s.gated as unknown) === true) s.gated = "manual";
  return s;
}

/** Repos found in `root`: every `root/<org>/<name>/` folder becomes repo `org/name`. */
export function discoverRepos(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const org of readdirSync(root, { withFileTypes: true })) {
    if (!org.isDirectory() || org.name.startsWith(".")) continue;
    for (const name of readdirSync(join(root, org.name), { withFileTypes: true })) {
      if (name.isDirectory() && !name.name.startsWith(".")) out.set(`${org.name}/${name.name}`, join(root, org.name, name.name));
    }
  }
  return out;
}

/** Repos of one org folder: every `dir/<name>/` becomes `org/name`. */
export function discoverOrg(org: string, dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    if (name.isDirectory() && !name.name.startsWith(".")) out.set(`${org}/${name.name}`, join(dir, name.name));
  }
  return out;
}
