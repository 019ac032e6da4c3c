/** Local model folders for the Node CLI: fs files adapted to core's LocalFileLike. */
import { open, readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { createLocalModelSource } from "../core/model-source/local-model-source.ts";
import type { LocalFileLike, ModelSource } from "../core/model-source/types.ts";

/** Lists a folder recursively (skipping dot-folders such as .git) and opens it as a model source. */
export async function openNodeModelSource(reference: string, dir: string): Promise<ModelSource> {
  const files: LocalFileLike[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) files.push(fsFile(full, relative(dir, full).split(sep).join("/"), (await stat(full)).size));
    }
  };
  await walk(dir);
  return createLocalModelSource(reference, dir, files);
}

function fsFile(full: string, path: string, size: number): LocalFileLike {
  return {
    path,
    size,
    slice: (start, end) => ({
      async arrayBuffer() {
        const handle = await open(full, "r");
        try {
          const buf = Buffer.alloc(Math.max(0, Math.min(end, size) - start));
          const { bytesRead } = await handle.read(buf, 0, buf.length, start);
          return buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytesRead) as ArrayBuffer;
        } finally {
          await handle.close();
        }
      },
    }),
  };
}
