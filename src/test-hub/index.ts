// The local Hub-compatible server for tests: start it, point a Hub client at `hub.url`.
export { startTestHub } from "./hub-server.ts";
export type { TestHub, TestHubOptions } from "./hub-server.ts";
export type { FaultRule, FaultOrigin, FaultCounts } from "./fault-injector.ts";
export type { RepoSettings } from "./repo-store.ts";
export { HubStats } from "./hub-stats.ts";
export { RequestLog, type LoggedRequest } from "./request-log.ts";
