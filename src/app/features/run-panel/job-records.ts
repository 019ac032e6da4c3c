/**
 * What this browser remembers about merges it started (localStorage): the recipe text and Hub of
 * each job id, so a job interrupted by a reload or a closed tab can be planned and resumed again.
 * The job's journal and shards live in OPFS; this is only the key back to them.
 */

const KEY = "merge-studio.jobs";
/** Older records are dropped beyond this many (each holds a recipe, a few KB). */
const MAX_RECORDS = 20;

export interface JobRecord {
  recipeText: string;
  hubUrl: string;
  startedAt: number;
}

function readAll(): Record<string, JobRecord> {
  try {
    const parsed = JSON.parse(window.localStorage.getItem(KEY) ?? "{}") as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Record<string, JobRecord>) : {};
  } catch {
    // A damaged entry must not block the studio; it only loses the resume offers.
    return {};
  }
}

function writeAll(records: Record<string, JobRecord>): void {
  const newest = Object.entries(records).sort((a, b) => b[1].startedAt - a[1].startedAt).slice(0, MAX_RECORDS);
  window.localStorage.setItem(KEY, JSON.stringify(Object.fromEntries(newest)));
}

/** The record of `jobId`, if this browser started it. */
export function jobRecord(jobId: string): JobRecord | null {
  const r = readAll()[jobId];
  return r && typeof r.recipeText === "string" ? r : null;
}

/** Remember a started job (kept until it finishes or is discarded). */
export function rememberJob(jobId: string, record: JobRecord): void {
  writeAll({ ...readAll(), [jobId]: record });
}

export function forgetJob(jobId: string): void {
  const all = readAll();
  if (!(jobId in all)) return;
  delete all[jobId];
  writeAll(all);
}
