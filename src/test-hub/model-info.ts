import { createHash } from "node:crypto";
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { parseSafetensorsHeader, readHeaderLength } from "../core/safetensors/index.ts";
import type { RepoSettings, RepoSnapshot } from "./repo-store.ts";

const CREATED_AT = "2024-01-01T00:00:00.000Z";

/** Parameter counts per dtype from the safetensors headers (read from disk), or undefined if any is unreadable. */
export function countParameters(snap: RepoSnapshot): { parameters: Record<string, number>; total: number } | undefined {
  const parameters: Record<string, number> = {};
  let total = 0;
  const files = snap.files.filter((f) => f.path.endsWith(".safetensors"));
  if (files.length === 0) return undefined;
  for (const f of files) {
    const fd = openSync(f.absPath, "r");
    try {
      const first8 = Buffer.alloc(8);
      readSync(fd, first8, 0, 8, 0);
      const n = readHeaderLength(first8, { fileSize: f.size });
      const json = Buffer.alloc(n);
      readSync(fd, json, 0, n, 8);
      const h = parseSafetensorsHeader(json, { headerLength: n, fileSize: f.size });
      for (const t of h.tensors) {
        const numel = t.shape.reduce((a, b) => a * b, 1);
        parameters[t.dtype] = (parameters[t.dtype] ?? 0) + numel;
        total += numel;
      }
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  }
  return { parameters, total };
}

function readConfig(snap: RepoSnapshot): Record<string, unknown> | undefined {
  const f = snap.byPath.get("config.json");
  if (!f) return undefined;
  try {
    const c = JSON.parse(readFileSync(f.absPath, "utf8")) as Record<string, unknown>;
    return { architectures: c.architectures, model_type: c.model_type };
  } catch {
    return undefined;
  }
}

/** The short form used in search results. */
export function modelSummary(id: string, settings: RepoSettings, snap: RepoSnapshot): Record<string, unknown> {
  const cfg = readConfig(snap);
  return {
    _id: snap.sha.slice(0, 24),
    id,
    modelId: id,
    likes: settings.likes ?? 0,
    downloads: settings.downloads ?? 0,
    gated: settings.gated ?? false,
    private: settings.private ?? false,
    tags: [...(settings.tags ?? []), "transformers", "safetensors", ...(cfg?.model_type ? [String(cfg.model_type)] : [])],
    library_name: "transformers",
    pipeline_tag: "text-generation",
    createdAt: CREATED_AT,
  };
}

/** The full /api/models/{repo} answer. */
export function modelInfo(id: string, settings: RepoSettings, snap: RepoSnapshot): Record<string, unknown> {
  const st = countParameters(snap);
  return {
    ...modelSummary(id, settings, snap),
    author: id.split("/")[0],
    sha: snap.sha,
    lastModified: CREATED_AT,
    disabled: false,
    config: readConfig(snap) ?? {},
    cardData: settings.cardData ?? {},
    siblings: snap.files.map((f) => ({ rfilename: f.path })),
    spaces: [],
    usedStorage: snap.files.reduce((n, f) => n + f.size, 0),
    ...(st ? { safetensors: st } : {}),
  };
}

/** Tree entries under `dir` ("" = root): direct children, or all descendants when recursive. */
export function treeEntries(snap: RepoSnapshot, dir: string, recursive: boolean): Record<string, unknown>[] | undefined {
  const prefix = dir ? `${dir}/` : "";
  const dirs = new Set<string>();
  const out: Record<string, unknown>[] = [];
  let found = dir === "";
  for (const f of snap.files) {
    if (!f.path.startsWith(prefix)) continue;
    found = true;
    const rest = f.path.slice(prefix.length).split("/");
    // Directory entries for each folder level between `dir` and the file.
    for (let i = 1; i < rest.length && (recursive || i === 1); i++) {
      const d = prefix + rest.slice(0, i).join("/");
      if (!dirs.has(d)) {
        dirs.add(d);
        out.push({ type: "directory", oid: createHash("sha1").update(`tree\0${snap.sha}\0${d}`).digest("hex"), size: 0, path: d });
      }
    }
    if (!recursive && rest.length > 1) continue;
    out.push({
      type: "file",
      oid: f.oid,
      size: f.size,
      path: f.path,
      ...(f.lfs ? { lfs: { oid: f.sha256, size: f.size, pointerSize: 134 } } : {}),
    });
  }
  return found ? out : undefined;
}
