/** Errors of the OPFS storage layer. Codes cross the worker boundary; branch on them, not instanceof. */

export type StorageErrorCode = "OPFS_UNAVAILABLE" | "SYNC_HANDLE_UNAVAILABLE" | "JOURNAL_CORRUPT" | "OUTPUT_MISSING" | "WRITE_OUT_OF_RANGE" | "BAD_HASH_STATE";

/** A storage failure with an actionable message. */
export class StorageError extends Error {
  override readonly name = "StorageError";
  constructor(readonly code: StorageErrorCode, message: string) {
    super(message);
  }
}

/** The merge output does not fit in the origin's storage quota; thrown before any download. */
export class StorageQuotaError extends Error {
  override readonly name = "StorageQuotaError";
  readonly code = "QUOTA_EXCEEDED";
  constructor(readonly neededBytes: number, readonly availableBytes: number) {
    super(
      `The merge needs ${formatGiB(neededBytes)} of browser storage but only ${formatGiB(availableBytes)} is free for this site. ` +
        "Free disk space, clear finished merges (Outputs → Clear), or pick a smaller output dtype.",
    );
  }
}

/** Bytes as "1.23 GiB" for messages. */
export function formatGiB(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
}
