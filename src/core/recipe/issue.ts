/** A diagnostic before it has a source position: positions are looked up from `path` later. */
import type { RecipePath } from "./types.ts";

/** A problem found while reading a recipe, located by its YAML path. */
export interface Issue {
  severity: "error" | "warning";
  code: string;
  message: string;
  path: RecipePath;
  /** Point at the mapping key rather than its value (unknown keys, duplicates). */
  onKey?: boolean;
}

/** Collects issues while walking a recipe. */
export class IssueSink {
  readonly issues: Issue[] = [];
  error(code: string, path: RecipePath, message: string, onKey = false): void {
    this.issues.push({ severity: "error", code, message, path, onKey });
  }
  warn(code: string, path: RecipePath, message: string, onKey = false): void {
    this.issues.push({ severity: "warning", code, message, path, onKey });
  }
}

/** Human-readable path, e.g. `models[0].parameters.weight`. */
export function pathText(path: RecipePath): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out === "" ? "the document" : out;
}
