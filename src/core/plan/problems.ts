import type { PreflightProblem, ProblemSeverity } from "./types";

/** Collects pre-flight problems, merging repeats of the same code and model into one line. */
export class ProblemList {
  readonly items: PreflightProblem[] = [];
  private readonly seen = new Map<string, { problem: PreflightProblem; extra: number }>();

  add(severity: ProblemSeverity, code: string, message: string, fix: string, extra: { tensor?: string; modelIndex?: number; path?: (string | number)[] } = {}): void {
    this.items.push({ severity, code, message, fix, ...extra });
  }

  /** Adds once per (code, model); later repeats are counted into the first message. */
  addGrouped(severity: ProblemSeverity, code: string, message: string, fix: string, extra: { tensor?: string; modelIndex?: number; path?: (string | number)[] } = {}): void {
    const key = `${code}:${extra.modelIndex ?? ""}`;
    const prior = this.seen.get(key);
    if (prior) {
      prior.extra++;
      return;
    }
    const problem: PreflightProblem = { severity, code, message, fix, ...extra };
    this.seen.set(key, { problem, extra: 0 });
    this.items.push(problem);
  }

  /** Appends "(and N more)" to grouped problems; call once when done. */
  finish(): PreflightProblem[] {
    for (const { problem, extra } of this.seen.values()) {
      if (extra > 0) problem.message += ` (and ${extra} more like it)`;
    }
    return this.items;
  }

  get hasErrors(): boolean {
    return this.items.some((p) => p.severity === "error");
  }
}
