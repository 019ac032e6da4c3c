import { HubError } from "./hub-error";

/** A Hub model reference split into repo id and revision. */
export interface HubReference {
  /** "org/name" (or "name" for legacy canonical repos). */
  repo: string;
  /** Requested revision, or null for the default branch. */
  revision: string | null;
}

const REPO_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

/**
 * Parses `org/name[@revision]` like mergekit's ModelReference.parse (more than one `@` is an
 * error). Throws HubError INVALID_REFERENCE with a message saying what shape is expected.
 */
export function parseHubReference(ref: string): HubReference {
  const text = ref.trim();
  const parts = text.split("@");
  if (parts.length > 2) {
    throw new HubError("INVALID_REFERENCE", `model reference '${ref}' has more than one '@'; write it as org/name@revision`);
  }
  const repo = parts[0] ?? "";
  const revision = parts.length === 2 ? (parts[1] ?? "") : null;
  const segments = repo.split("/");
  if (segments.length > 2 || segments.some((s) => !REPO_PART.test(s) || s.includes(".."))) {
    throw new HubError(
      "INVALID_REFERENCE",
      `model reference '${ref}' is not a Hub repo id; expected org/name or org/name@revision (letters, digits, '-', '_', '.')`,
    );
  }
  if (revision !== null && revision.length === 0) {
    throw new HubError("INVALID_REFERENCE", `model reference '${ref}' ends with '@' but names no revision; remove the '@' or add a branch, tag or commit sha`);
  }
  return { repo, revision };
}
