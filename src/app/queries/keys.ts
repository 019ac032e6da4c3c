/** TanStack Query key factories for Hub data; the Hub URL is part of every key. */
export const hubKeys = {
  search: (hubUrl: string, query: string) => ["hub", hubUrl, "search", query] as const,
  info: (hubUrl: string, ref: string, authed: boolean) => ["hub", hubUrl, "info", ref, authed] as const,
  config: (hubUrl: string, ref: string, authed: boolean) => ["hub", hubUrl, "config", ref, authed] as const,
};
