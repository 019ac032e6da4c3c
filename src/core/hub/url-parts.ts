/** Tiny URL helpers: core compiles without DOM types, so the URL class is not available. */

const ORIGIN = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]+)/;

/** "https://host:port" of an absolute URL (lower-cased), or "" if it has none. */
export function originOf(url: string): string {
  return ORIGIN.exec(url)?.[1]?.toLowerCase() ?? "";
}

/** Host (and port) of an absolute URL, for messages. */
export function hostOf(url: string): string {
  return originOf(url).replace(/^[^:]+:\/\//, "");
}

/** Resolves a redirect Location against the URL that answered with it. */
export function resolveLocation(location: string, base: string): string {
  if (originOf(location)) return location;
  if (location.startsWith("//")) return `${base.slice(0, base.indexOf(":") + 1)}${location}`;
  if (location.startsWith("/")) return `${originOf(base)}${location}`;
  const dir = base.replace(/[?#].*$/, "").replace(/[^/]*$/, "");
  return `${dir}${location}`;
}
