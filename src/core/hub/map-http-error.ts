import { HubError } from "./hub-error";
import type { FetchResponseLike } from "./fetch-like";

/** What a request was about, to name it in the message. */
export interface RequestContext {
  repo: string;
  revision?: string | null;
  path?: string;
  hasToken: boolean;
  /** Hub origin the repo lives on (for the "request access at" link); default huggingface.co. */
  hubUrl?: string;
}

/**
 * Maps a non-OK Hub response to a HubError with a message that says what to do. Uses the
 * Hub's X-Error-Code header (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo) first,
 * then the status.
 */
export function mapHttpError(res: FetchResponseLike, url: string, ctx: RequestContext): HubError {
  const status = res.status;
  const errorCode = res.headers.get("x-error-code");
  const repoUrl = `${ctx.hubUrl ?? "https://huggingface.co"}/${ctx.repo}`;
  const opts = { status, url };
  const where = ctx.revision ? `${ctx.repo}@${ctx.revision}` : ctx.repo;
  if (errorCode === "RepoNotFound") {
    return new HubError(
      "REPO_NOT_FOUND",
      ctx.hasToken
        ? `repository '${ctx.repo}' not found, or your token cannot see it; check the spelling of the repo id`
        : `repository '${ctx.repo}' not found; check the spelling, or if it is private add a Hugging Face token with access`,
      opts,
    );
  }
  if (errorCode === "RevisionNotFound") {
    return new HubError("REVISION_NOT_FOUND", `revision '${ctx.revision ?? "main"}' not found in '${ctx.repo}'; use an existing branch, tag or full commit sha`, opts);
  }
  if (errorCode === "EntryNotFound") {
    return new HubError("ENTRY_NOT_FOUND", `file '${ctx.path ?? "?"}' not found in '${where}'; check the file list of the repo`, opts);
  }
  if (errorCode === "GatedRepo" && ctx.hasToken) {
    return new HubError("FORBIDDEN", `'${ctx.repo}' is gated and your token has not been granted access; request access at ${repoUrl} (or use the token of an account that has it)`, opts);
  }
  if (errorCode === "GatedRepo" || (status === 401 && !ctx.hasToken)) {
    return new HubError(
      "GATED",
      `'${ctx.repo}' is gated (or private): this repo is gated; add a Hugging Face token with access (accept its conditions at ${repoUrl} first)`,
      opts,
    );
  }
  if (status === 401) {
    return new HubError("UNAUTHORIZED", `the Hugging Face token was rejected for '${ctx.repo}'; create a new read token at https://huggingface.co/settings/tokens`, opts);
  }
  if (status === 403) {
    return new HubError("FORBIDDEN", `your token has no access to '${ctx.repo}'; request access at ${repoUrl} or use a token with read access to it`, opts);
  }
  if (status === 404) {
    return ctx.path
      ? new HubError("ENTRY_NOT_FOUND", `file '${ctx.path}' not found in '${where}'`, opts)
      : new HubError("REPO_NOT_FOUND", `repository '${ctx.repo}' not found`, opts);
  }
  if (status === 429) {
    return new HubError("RATE_LIMITED", `the Hub rate limit was reached while reading '${where}'; wait a few minutes, or add a token (higher limits)`, {
      ...opts,
      retryAfterMs: parseRetryAfter(res.headers.get("retry-after")),
    });
  }
  if (status >= 500) {
    return new HubError("HTTP", `the Hub answered ${status} for '${where}'${ctx.path ? ` file '${ctx.path}'` : ""}; try again later`, opts);
  }
  return new HubError("BAD_RESPONSE", `unexpected HTTP ${status} from the Hub for '${where}'${ctx.path ? ` file '${ctx.path}'` : ""}`, opts);
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const secs = Number(value.trim());
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
