/**
 * Storage quota check before a merge starts: asks for persistence (so the browser does not
 * evict a half-done multi-GB job) and refuses early when the output cannot fit.
 */
import { StorageQuotaError } from "./errors.ts";

/** Result of a passed quota check, for the UI. */
export interface QuotaReport {
  usage: number;
  quota: number;
  persisted: boolean;
}

/**
 * Throw StorageQuotaError unless `neededBytes` (plus a safety margin) fits in what the origin may
 * still store. `alreadyWritten` counts bytes of a resumed job that are already in OPFS.
 */
export async function checkQuota(neededBytes: number, alreadyWritten = 0): Promise<QuotaReport> {
  const storage = globalThis.navigator?.storage;
  const persisted = storage?.persist ? await storage.persist().catch(() => false) : false;
  if (!storage?.estimate) return { usage: 0, quota: Infinity, persisted };
  const { usage = 0, quota = Infinity } = await storage.estimate();
  const free = quota - usage;
  // 2% margin: Chromium's accounting lags behind large sync-handle writes (crbug 1276435).
  const need = Math.max(0, neededBytes - alreadyWritten) * 1.02;
  if (need > free) throw new StorageQuotaError(Math.ceil(need), Math.max(0, free));
  return { usage, quota, persisted };
}
