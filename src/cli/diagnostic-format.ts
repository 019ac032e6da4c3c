/**
 * Diagnostics in the form compilers use, so editors and CI annotate them:
 * `FILE:LINE:COL: error|warning: MESSAGE [code]`, and the one-line summary.
 */
import type { Diagnostic } from "../core/recipe/types.ts";

/** One diagnostic as a compiler-style line. */
export function formatDiagnostic(file: string, d: Pick<Diagnostic, "line" | "column" | "severity" | "message" | "code">): string {
  return `${file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`;
}

/** Error and warning counts of a list of diagnostics. */
export function countSeverities(diags: readonly Pick<Diagnostic, "severity">[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diags) {
    if (d.severity === "error") errors++;
    else warnings++;
  }
  return { errors, warnings };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `N files, E errors, W warnings`. */
export function formatSummary(files: number, errors: number, warnings: number): string {
  return `${plural(files, "file")}, ${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}
