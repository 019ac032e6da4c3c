/**
 * The model picker's Hub reads (search, model info, config.json) through the core Hub client,
 * so they share its retries, 429 handling, typed HubError codes and token rule (the token only
 * goes in the Authorization header of requests to the configured Hub origin).
 */
import { createHubClient, HubError, parseHubReference, type HubClient, type HubModelInfo, type HubSearchHit } from "../../core/hub/index.ts";

/** Search hits shown per query. */
const SEARCH_LIMIT = 20;
// Interactive reads: fail after a few seconds of transient errors rather than the merge's patience.
const MAX_ATTEMPTS = 3;

/** A client for one query: the query's abort signal cancels its requests and retries. */
function hubFor(hubUrl: string, token: string | null, signal?: AbortSignal): HubClient {
  return createHubClient({ fetch: globalThis.fetch.bind(globalThis), baseUrl: hubUrl, token, maxAttempts: MAX_ATTEMPTS, ...(signal ? { signal } : {}) });
}

/** Models whose id matches `query`. */
export async function searchModels(hubUrl: string, query: string, token: string | null, signal?: AbortSignal): Promise<HubSearchHit[]> {
  return hubFor(hubUrl, token, signal).searchModels(query, { limit: SEARCH_LIMIT });
}

/** Basics of `org/name[@revision]` (throws HubError INVALID_REFERENCE for a malformed reference). */
export async function fetchModelInfo(hubUrl: string, ref: string, token: string | null, signal?: AbortSignal): Promise<HubModelInfo> {
  const { repo, revision } = parseHubReference(ref);
  return hubFor(hubUrl, token, signal).modelInfo(repo, revision);
}

/**
 * config.json of `org/name[@revision]` (layer count, hidden size...). Read through `resolve`,
 * so a gated repo without a token fails here with HubError GATED even though its info is public.
 */
export async function fetchModelConfig(hubUrl: string, ref: string, token: string | null, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const { repo, revision } = parseHubReference(ref);
  const bytes = await hubFor(hubUrl, token, signal).readFile(repo, revision ?? "main", "config.json");
  let config: unknown;
  try {
    config = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new Error(`config.json of ${ref} is not valid JSON (${(e as Error).message}); the repo is not a usable model.`);
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) throw new Error(`config.json of ${ref} is not a JSON object; the repo is not a usable model.`);
  return config as Record<string, unknown>;
}

/** Errors a (different) Hugging Face token can fix: the UI shows the token field for them. */
export function needsToken(err: unknown): err is HubError {
  return err instanceof HubError && (err.code === "GATED" || err.code === "FORBIDDEN" || err.code === "UNAUTHORIZED");
}

