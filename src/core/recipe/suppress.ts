/**
 * Silencing warnings from the recipe itself: a comment `# merge-studio: ignore CODE [CODE...]`
 * on the warning's line or the line above silences those codes there; on a line of its own
 * before any key (the file header) it silences them for the whole document. Errors are never
 * silenced: they are what mergekit would reject.
 */
import type { Diagnostic } from "./types.ts";

const DIRECTIVE = /#\s*merge-studio:\s*ignore\s+([a-z0-9-][a-z0-9-,\s]*)/;

/** Drops warnings silenced by comments in `text` (whose first line is `firstLine`) or listed in `ignore`. */
export function applySuppressions(diags: Diagnostic[], text: string, firstLine: number, ignore: readonly string[] = []): Diagnostic[] {
  const byLine = new Map<number, Set<string>>();
  const whole = new Set<string>(ignore);
  let inHeader = true;
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    const m = DIRECTIVE.exec(raw);
    const codes = m ? (m[1] ?? "").split(/[\s,]+/).filter(Boolean) : [];
    if (inHeader && line !== "" && !line.startsWith("#") && line !== "---") inHeader = false;
    if (codes.length === 0) return;
    if (inHeader) codes.forEach((c) => whole.add(c));
    else byLine.set(firstLine + i, new Set(codes));
  });
  return diags.filter((d) => {
    if (d.severity === "error") return true;
    if (whole.has(d.code)) return false;
    return !(byLine.get(d.line)?.has(d.code) || byLine.get(d.line - 1)?.has(d.code));
  });
}
