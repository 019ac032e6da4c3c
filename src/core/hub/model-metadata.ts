/** Shapes and parsers for the Hub's model search and model info answers (GET /api/models...). */
import { HubError } from "./hub-error";

/** One model search hit. */
export interface HubSearchHit {
  id: string;
  downloads?: number;
  likes?: number;
  /** false, or the gating mode ("auto" / "manual"; true on older answers). */
  gated?: boolean | string;
}

/** The basics of a model at one revision. */
export interface HubModelInfo {
  id: string;
  /** Commit sha the revision resolved to. */
  sha: string;
  gated: boolean | string;
  /** cardData.license. */
  license?: string;
  /** config.architectures[0]. */
  architecture?: string;
  /** safetensors.total. */
  parameters?: number;
  /** The safetensors dtype holding the most parameters. */
  dtype?: string;
  /** Every file of the repo (siblings). */
  files: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const gatedOf = (v: unknown): boolean | string => (typeof v === "string" || typeof v === "boolean" ? v : false);

/** Reads a /api/models?search= answer; entries without an id are skipped. */
export function parseSearchHits(json: unknown, url: string): HubSearchHit[] {
  if (!Array.isArray(json)) throw new HubError("BAD_RESPONSE", "the Hub model search answer is not a list", { url });
  const hits: HubSearchHit[] = [];
  for (const m of json as unknown[]) {
    if (!isObject(m)) continue;
    // Older answers carry only `modelId`.
    const id = str(m.id) ?? str(m.modelId);
    if (!id) continue;
    const hit: HubSearchHit = { id, gated: gatedOf(m.gated) };
    const downloads = num(m.downloads);
    const likes = num(m.likes);
    if (downloads !== undefined) hit.downloads = downloads;
    if (likes !== undefined) hit.likes = likes;
    hits.push(hit);
  }
  return hits;
}

/** Reads a /api/models/{repo}/revision/{rev} answer. */
export function parseModelInfo(json: unknown, repo: string, url: string): HubModelInfo {
  if (!isObject(json)) throw new HubError("BAD_RESPONSE", `the Hub model info of '${repo}' is not a JSON object`, { url });
  const sha = str(json.sha);
  if (!sha || !/^[0-9a-f]{40}$/.test(sha)) throw new HubError("BAD_RESPONSE", `the Hub model info of '${repo}' has no commit sha`, { url });
  const card = isObject(json.cardData) ? json.cardData : {};
  const config = isObject(json.config) ? json.config : {};
  const st = isObject(json.safetensors) ? json.safetensors : {};
  const archs = Array.isArray(config.architectures) ? (config.architectures as unknown[]) : [];
  const byDtype = isObject(st.parameters) ? Object.entries(st.parameters).filter((e): e is [string, number] => num(e[1]) !== undefined) : [];
  const siblings = Array.isArray(json.siblings) ? (json.siblings as unknown[]) : [];
  const info: HubModelInfo = {
    id: str(json.id) ?? repo,
    sha,
    gated: gatedOf(json.gated),
    files: siblings.flatMap((s) => (isObject(s) && str(s.rfilename) ? [s.rfilename as string] : [])),
  };
  const license = str(card.license);
  const architecture = str(archs[0]);
  const parameters = num(st.total);
  const dtype = byDtype.sort((a, b) => b[1] - a[1])[0]?.[0];
  if (license !== undefined) info.license = license;
  if (architecture !== undefined) info.architecture = architecture;
  if (parameters !== undefined) info.parameters = parameters;
  if (dtype !== undefined) info.dtype = dtype;
  return info;
}
