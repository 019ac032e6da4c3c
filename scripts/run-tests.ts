/**
 * `npm test`: every tier in order — type check, lint, unit (Node), GPU (WebGPU in headless
 * Chromium), end-to-end (Playwright) — each run even when an earlier one failed, so one run
 * shows everything. Ends with a per-tier table and one summary line; exit status 1 on any failure.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

interface Tier {
  name: string;
  command: string;
  /** JSON report written by the tier's runner, for test counts. */
  report?: string;
}

const RESULTS = "test-results";
const TIERS: Tier[] = [
  { name: "typecheck", command: "npm run -s typecheck" },
  { name: "lint", command: "npm run -s lint" },
  { name: "unit", command: `npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=${RESULTS}/unit.json`, report: `${RESULTS}/unit.json` },
  { name: "gpu", command: `npx vitest run --project gpu --reporter=default --reporter=json --outputFile.json=${RESULTS}/gpu.json`, report: `${RESULTS}/gpu.json` },
  { name: "e2e", command: "npm run -s test:e2e", report: `${RESULTS}/e2e.json` },
];

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Counts from a vitest JSON report or a Playwright JSON report. */
function readCounts(path: string): Counts | null {
  if (!existsSync(path)) return null;
  const r = JSON.parse(readFileSync(path, "utf8")) as {
    numPassedTests?: number;
    numFailedTests?: number;
    numPendingTests?: number;
    numTodoTests?: number;
    stats?: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  if (r.stats) return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped };
  return { passed: r.numPassedTests ?? 0, failed: r.numFailedTests ?? 0, skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) };
}

// TEST_TIERS=unit,gpu runs a subset (for local work); CI runs all.
const only = process.env.TEST_TIERS?.split(",").map((t) => t.trim());
const tiers = only ? TIERS.filter((t) => only.includes(t.name)) : TIERS;
if (tiers.length === 0) {
  console.error(`TEST_TIERS=${process.env.TEST_TIERS} names no tier; use: ${TIERS.map((t) => t.name).join(", ")}`);
  process.exit(1);
}
mkdirSync(RESULTS, { recursive: true });
const rows: string[] = [];
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
let failedTiers = 0;
for (const tier of tiers) {
  if (tier.report) rmSync(tier.report, { force: true });
  console.log(`\n==> ${tier.name}: ${tier.command}`);
  const started = Date.now();
  const run = spawnSync(tier.command, { shell: true, stdio: "inherit" });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const ok = run.status === 0;
  if (!ok) failedTiers++;
  const counts = tier.report ? readCounts(tier.report) : null;
  if (counts) {
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  const detail = counts ? `${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}` : "";
  rows.push(`  ${tier.name.padEnd(10)} ${ok ? "ok    " : "FAILED"} ${seconds.padStart(5)} s  ${detail}`);
}
console.log(`\nTest tiers:\n${rows.join("\n")}`);
if (failedTiers > 0) console.log(`${failedTiers} of ${tiers.length} tiers failed`);
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(failedTiers > 0 ? 1 : 0);
