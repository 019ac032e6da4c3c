/**
 * Source readers that take a slot of one run-wide limit and pass the pause gate only once they
 * hold it: a paused merge then lets the few reads on the wire finish and sends no new request,
 * even for units whose other reads were already queued.
 */
import { createSemaphore } from "../core/hub/semaphore.ts";
import type { SourceReader } from "./types.ts";

export function gateSources(sources: readonly SourceReader[], concurrency: number, gate: () => Promise<void>): SourceReader[] {
  const slots = createSemaphore(Math.max(1, concurrency));
  return sources.map((s) => ({
    readRange: (path, start, end, opts) =>
      slots.run(async () => {
        await gate();
        return s.readRange(path, start, end, opts);
      }),
    readFile: (path) => s.readFile(path),
  }));
}
