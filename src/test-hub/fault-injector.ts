/** Which origin a fault applies to: the API/resolve origin or the byte-serving CDN origin. */
export type FaultOrigin = "api" | "cdn";

/** One fault, applied to the next `times` matching requests. */
export type FaultRule = {
  /** Only requests on this origin (default: both). */
  origin?: FaultOrigin;
  /** Only requests whose path contains this string (e.g. "model-00002"). */
  pathIncludes?: string;
  /** How many requests it hits before it is used up (default 1, max 1000). */
  times?: number;
} & (
  | { kind: "drop"; /** Body bytes sent before the socket is destroyed. */ afterBytes: number }
  | { kind: "status429"; retryAfterSeconds: number }
  | { kind: "status503" }
  | { kind: "slow"; /** Delay before the response starts. */ delayMs: number }
);

/** What a fault did, counted per kind. */
export type FaultCounts = Record<FaultRule["kind"], number>;

/**
 * Runtime-configurable faults for reliability tests. Every rule is bounded (`times`), and
 * every firing is counted so a test can assert that the client really met the fault.
 */
export class FaultInjector {
  private rules: (FaultRule & { left: number })[] = [];
  readonly fired: FaultCounts = { drop: 0, status429: 0, status503: 0, slow: 0 };

  /** Replace all rules. */
  set(rules: FaultRule | FaultRule[]): void {
    this.rules = [];
    for (const r of Array.isArray(rules) ? rules : [rules]) this.add(r);
  }

  /** Add one rule after the existing ones. */
  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!Number.isInteger(times) || times < 1 || times > 1000) throw new Error(`fault ${rule.kind}: times must be 1..1000, got ${times}`);
    if (rule.kind === "slow" && !(rule.delayMs >= 0 && rule.delayMs <= 60_000)) throw new Error("fault slow: delayMs must be 0..60000");
    if (rule.kind === "drop" && !(Number.isInteger(rule.afterBytes) && rule.afterBytes >= 0)) throw new Error("fault drop: afterBytes must be an integer >= 0");
    if (rule.kind === "status429" && !(rule.retryAfterSeconds >= 0 && rule.retryAfterSeconds <= 3600)) throw new Error("fault status429: retryAfterSeconds must be 0..3600");
    this.rules.push({ ...rule, left: times });
  }

  clear(): void {
    this.rules = [];
  }

  resetCounts(): void {
    for (const k of Object.keys(this.fired) as (keyof FaultCounts)[]) this.fired[k] = 0;
  }

  /** Rules not used up yet. */
  get pending(): number {
    return this.rules.reduce((n, r) => n + r.left, 0);
  }

  /**
   * Take the first live rule of one of `kinds` matching this request (and count it), if any.
   * The server takes status faults when a request arrives and drop faults only when it is about
   * to send a body, so a drop rule is never spent on a bodiless 302.
   */
  take(origin: FaultOrigin, path: string, kinds: readonly FaultRule["kind"][]): FaultRule | undefined {
    const i = this.rules.findIndex(
      (r) => r.left > 0 && kinds.includes(r.kind) && (!r.origin || r.origin === origin) && (!r.pathIncludes || path.includes(r.pathIncludes)),
    );
    if (i < 0) return undefined;
    const rule = this.rules[i];
    rule.left--;
    if (rule.left === 0) this.rules.splice(i, 1);
    this.fired[rule.kind]++;
    return rule;
  }
}
