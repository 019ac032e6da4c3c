/** A byte range [start, end] (inclusive, as in HTTP). */
export type ByteRange = [number, number];

/**
 * Parse an HTTP Range header against a file size (RFC 9110 §14.1.2).
 * Returns undefined when there is no usable Range (serve 200), "unsatisfiable" when no range
 * overlaps the file (416), else the ranges clamped to the file.
 */
export function parseRange(header: string | undefined, size: number): ByteRange[] | "unsatisfiable" | undefined {
  if (!header) return undefined;
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!m) return undefined;
  const out: ByteRange[] = [];
  for (const part of m[1].split(",")) {
    const r = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(part);
    if (!r || (r[1] === "" && r[2] === "")) return undefined; // malformed: ignore the header
    if (r[1] === "") {
      const n = Number(r[2]);
      if (n > 0 && size > 0) out.push([Math.max(0, size - n), size - 1]);
      continue;
    }
    const start = Number(r[1]);
    const end = r[2] === "" ? size - 1 : Number(r[2]);
    if (r[2] !== "" && end < start) return undefined;
    if (start < size) out.push([start, Math.min(end, size - 1)]);
  }
  if (out.length > 100) return undefined; // absurd multi-range requests are served whole
  return out.length === 0 ? "unsatisfiable" : out;
}
