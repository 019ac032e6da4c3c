import type { ModelSource, LocalFileLike } from "./types";

/** Thrown for a file that is not in a local folder or a read outside it. */
export class LocalSourceError extends Error {
  override readonly name = "LocalSourceError";
  constructor(readonly code: "ENTRY_NOT_FOUND" | "BAD_RANGE" | "SHORT_READ", message: string) {
    super(message);
  }
}

/**
 * A model source over local files (a folder the user opened, or fs files in the CLI).
 * `folder` names it in the plan and in messages.
 */
export function createLocalModelSource(reference: string, folder: string, files: readonly LocalFileLike[]): ModelSource {
  const byPath = new Map(files.map((f) => [f.path.replace(/^\.\//, ""), f]));
  const get = (path: string): LocalFileLike => {
    const f = byPath.get(path);
    if (!f) throw new LocalSourceError("ENTRY_NOT_FOUND", `file '${path}' not found in local folder '${folder}'; the folder must hold the whole model (config.json, *.safetensors)`);
    return f;
  };
  /** A fresh ArrayBuffer of exactly end - start bytes, so the view is offset 0 and GPU-aligned. */
  const read = async (f: LocalFileLike, start: number, end: number): Promise<Uint8Array> => {
    const bytes = new Uint8Array(await f.slice(start, end).arrayBuffer());
    if (bytes.byteLength !== end - start) {
      throw new LocalSourceError("SHORT_READ", `read ${bytes.byteLength} of ${end - start} bytes from '${folder}/${f.path}'; was the file changed while reading?`);
    }
    return bytes;
  };
  return {
    describe: () => ({ kind: "local", reference, repo: folder, requestedRevision: null, commitSha: null }),
    listFiles: () => Promise.resolve([...byPath.values()].map((f) => ({ path: f.path, size: f.size }))),
    async readFile(path) {
      const f = get(path);
      return read(f, 0, f.size);
    },
    async readRange(path, start, end, opts) {
      const f = get(path);
      if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && end > start && end <= f.size)) {
        throw new LocalSourceError("BAD_RANGE", `byte range [${start}, ${end}) is outside '${folder}/${path}' (size ${f.size})`);
      }
      const bytes = await read(f, start, end);
      opts?.onProgress?.(bytes.byteLength);
      return bytes;
    },
  };
}

/**
 * Relative paths for files picked with <input webkitdirectory>: strips the common top folder
 * from `webkitRelativePath` ("my-model/config.json" -> "config.json").
 */
export function relativePathsFromPicker<T extends { name: string; webkitRelativePath?: string }>(files: readonly T[]): { file: T; path: string }[] {
  const rel = files.map((f) => (f.webkitRelativePath && f.webkitRelativePath.length > 0 ? f.webkitRelativePath : f.name));
  const tops = new Set(rel.map((r) => (r.includes("/") ? r.slice(0, r.indexOf("/")) : "")));
  const strip = tops.size === 1 && !tops.has("");
  return files.map((file, i) => {
    const r = rel[i] ?? file.name;
    return { file, path: strip ? r.slice(r.indexOf("/") + 1) : r };
  });
}
