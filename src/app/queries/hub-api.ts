/**
 * The few Hub API reads the model picker needs (search, model info, config.json), over the
 * configurable Hub base URL. The token goes only into the Authorization header of requests to
 * that Hub origin, never into a URL.
 */

/** A Hub error the UI can branch on: `gated` asks for a token. */
export class HubRequestError extends Error {
  override name = "HubRequestError";
  constructor(
    readonly code: "gated" | "forbidden" | "not-found" | "http" | "network",
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One search hit. */
export interface HubSearchHit {
  id: string;
  downloads?: number;
  likes?: number;
  gated?: boolean | string;
}

/** The basics the picker shows for a model. */
export interface HubModelInfo {
  id: string;
  sha?: string;
  gated?: boolean | string;
  license?: string;
  architecture?: string;
  parameters?: number;
  dtype?: string;
  files: string[];
}

async function hubGet(hubUrl: string, path: string, token: string | null, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${hubUrl}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new HubRequestError("network", 0, `Could not reach the Hub at ${hubUrl} (${(e as Error).message}); check the Hub URL and your connection.`);
  }
  if (res.ok) return res;
  const repo = path.replace(/^\/api\/models\//, "").split("/revision/")[0];
  if (res.status === 401) throw new HubRequestError("gated", 401, `${repo} is gated or private: add a Hugging Face token that has access to it.`);
  if (res.status === 403) throw new HubRequestError("forbidden", 403, `Your token has no access to ${repo}: request access on its Hub page, then retry.`);
  if (res.status === 404) throw new HubRequestError("not-found", 404, `${repo} was not found on ${hubUrl} (check the name and revision).`);
  throw new HubRequestError("http", res.status, `The Hub answered ${res.status} for ${repo}; try again later.`);
}

/** Search models by name. */
export async function searchModels(hubUrl: string, query: string, token: string | null, signal?: AbortSignal): Promise<HubSearchHit[]> {
  const res = await hubGet(hubUrl, `/api/models?search=${encodeURIComponent(query)}&limit=20`, token, signal);
  const list = (await res.json()) as unknown;
  if (!Array.isArray(list)) throw new HubRequestError("http", res.status, "The Hub search answer is not a list.");
  return list.map((m: { id?: string; modelId?: string; downloads?: number; likes?: number; gated?: boolean | string }) => ({
    id: String(m.id ?? m.modelId ?? ""), downloads: m.downloads, likes: m.likes, gated: m.gated,
  })).filter((m) => m.id);
}

/** Split `org/name@revision` into its parts. */
export function splitModelRef(ref: string): { repo: string; revision: string } {
  const at = ref.indexOf("@");
  return at < 0 ? { repo: ref, revision: "main" } : { repo: ref.slice(0, at), revision: ref.slice(at + 1) || "main" };
}

/** Model basics; config.json is read too (through resolve) so gated repos surface as `gated`. */
export async function fetchModelInfo(hubUrl: string, ref: string, token: string | null, signal?: AbortSignal): Promise<HubModelInfo> {
  const { repo, revision } = splitModelRef(ref);
  const res = await hubGet(hubUrl, `/api/models/${repo}/revision/${encodeURIComponent(revision)}`, token, signal);
  const info = (await res.json()) as {
    id?: string; sha?: string; gated?: boolean | string; cardData?: { license?: string };
    config?: { architectures?: string[] }; safetensors?: { parameters?: Record<string, number>; total?: number };
    siblings?: { rfilename: string }[];
  };
  const byDtype = info.safetensors?.parameters ?? {};
  const dtype = Object.entries(byDtype).sort((a, b) => b[1] - a[1])[0]?.[0];
  return {
    id: info.id ?? repo, sha: info.sha, gated: info.gated, license: info.cardData?.license,
    architecture: info.config?.architectures?.[0], parameters: info.safetensors?.total, dtype,
    files: (info.siblings ?? []).map((s) => s.rfilename),
  };
}

/** The model's config.json (layer count, hidden size...); 401 on a gated repo without a token. */
export async function fetchModelConfig(hubUrl: string, ref: string, token: string | null, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const { repo, revision } = splitModelRef(ref);
  const res = await hubGet(hubUrl, `/${repo}/resolve/${encodeURIComponent(revision)}/config.json`, token, signal);
  return (await res.json()) as Record<string, unknown>;
}
