// The Hub client: revision pinning, file lists, Range reads with redirect pinning, retries, typed errors.
export { createHubClient } from "./hub-client";
export type { HubClient, HubClientOptions, HubFile, HubStats, RangeReadOptions } from "./hub-client";
export type { HubModelInfo, HubSearchHit } from "./model-metadata";
export { HubError, TRANSIENT_HUB_CODES } from "./hub-error";
export type { HubErrorCode } from "./hub-error";
export { parseHubReference } from "./model-reference";
export type { HubReference } from "./model-reference";
export type { BodyReaderLike, BodyStreamLike, FetchLike, FetchInitLike, FetchResponseLike } from "./fetch-like";
