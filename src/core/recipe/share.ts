/**
 * Share-by-URL: `#r=1.<base64url(deflate-raw(canonical YAML))>`. The version prefix lets a
 * later format change keep old links opening (add a decoder per version; never change v1).
 * What goes in is the canonical YAML (comments are not shared); local file paths and
 * anything that looks like an access token are refused, never put into a URL.
 * Decoding validates exactly like any other recipe input.
 */
import { deflateSync, Inflate } from "fflate";
import type { Diagnostic, Recipe } from "./types.ts";
import { parseRecipe, type ParsedRecipe } from "./parse.ts";
import { formatRecipe } from "./format.ts";
import { sourceGroups } from "./source-groups.ts";
import { isLocalPath, modelKey } from "./model-ref.ts";
import { fromBase64Url, toBase64Url } from "./base64url.ts";
import { MAX_RECIPE_CHARS } from "./limits.ts";

/** Current share format version. */
export const SHARE_VERSION = 1;

/** Result of encoding: the fragment (with '#') or null; errors say why it was refused, warnings what it will not pin. */
export interface ShareEncodeResult {
  fragment: string | null;
  diagnostics: Diagnostic[];
}

const TOKEN_PATTERN = /\b(hf_[A-Za-z0-9]{20,}|api_org_[A-Za-z0-9]{20,})\b/;

function refusal(code: string, message: string): Diagnostic {
  return { severity: "error", code, message, line: 1, column: 1, endLine: 1, endColumn: 1, path: [] };
}

/** Every model a recipe references (base models, sources, tokenizer sources). */
function referencedModels(r: Recipe): string[] {
  const out = new Set<string>();
  if (r.base_model) out.add(modelKey(r.base_model));
  for (const g of sourceGroups(r)) {
    if (g.base) out.add(modelKey(g.base));
    for (const s of g.sources) out.add(modelKey(s.model));
  }
  if (r.tokenizer_source && typeof r.tokenizer_source !== "string") out.add(modelKey(r.tokenizer_source));
  if (r.tokenizer?.source && typeof r.tokenizer.source !== "string") out.add(modelKey(r.tokenizer.source));
  for (const t of Object.values(r.tokenizer?.tokens ?? {})) if (t.source && t.source.kind !== "zero") out.add(modelKey(t.source.model));
  return [...out];
}

/** Reasons a recipe must not go into a URL (local paths, tokens); empty = shareable. */
export function shareRefusals(r: Recipe, yaml: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of referencedModels(r)) {
    for (const part of m.split("+")) {
      if (isLocalPath(part)) out.push(refusal("local-path-in-share", `'${m}' is a path on your disk; a share link cannot carry local files. Upload the model to the Hub and use its repo id.`));
    }
  }
  if (TOKEN_PATTERN.test(yaml)) out.push(refusal("token-in-share", "the recipe contains something that looks like a Hugging Face access token; remove it before sharing (tokens never go into URLs)"));
  return out;
}

const RANDOM_METHODS = ["dare_ties", "dare_linear", "della", "della_linear"];

/**
 * Warnings (the link is still made) when the link would not reproduce the same merge later:
 * Hub models without a pinned revision, and random methods without random_seed.
 */
export function reproducibilityWarnings(r: Recipe): Diagnostic[] {
  const out: Diagnostic[] = [];
  const unpinned = referencedModels(r).filter((m) => m.split("+").some((p) => !p.includes("@")));
  if (unpinned.length) {
    out.push({ ...refusal("share-unpinned-revision", `${unpinned.join(", ")} ${unpinned.length === 1 ? "has" : "have"} no @revision, so the link merges whatever the branch holds when it is opened; pin a commit sha (org/name@sha) for an exact reproduction`), severity: "warning" });
  }
  if (RANDOM_METHODS.includes(r.merge_method) && r.random_seed === undefined) {
    out.push({ ...refusal("share-no-seed", `${r.merge_method} drops entries at random; add 'random_seed: <number>' so the link reproduces the same merge`), severity: "warning" });
  }
  return out;
}

/** Encodes a Recipe or recipe text into a share fragment (`#r=1.…`); refuses invalid or unsafe recipes. */
export function encodeShareFragment(input: Recipe | string): ShareEncodeResult {
  let recipe: Recipe;
  if (typeof input === "string") {
    const parsed = parseRecipe(input);
    if (!parsed.recipe) return { fragment: null, diagnostics: parsed.diagnostics.filter((d) => d.severity === "error") };
    recipe = parsed.recipe;
  } else recipe = input;
  const yaml = formatRecipe(recipe);
  const refused = shareRefusals(recipe, yaml);
  if (refused.length) return { fragment: null, diagnostics: refused };
  const packed = deflateSync(new TextEncoder().encode(yaml), { level: 9 });
  return { fragment: `#r=${SHARE_VERSION}.${toBase64Url(packed)}`, diagnostics: reproducibilityWarnings(recipe) };
}

/** Result of decoding: the YAML text and its parse (recipe null on any error). */
export interface ShareDecodeResult extends ParsedRecipe {
  /** The recipe YAML held by the link, or null when the link itself is unreadable. */
  text: string | null;
}

function failed(code: string, message: string): ShareDecodeResult {
  return { text: null, recipe: null, document: null, diagnostics: [refusal(code, message)] };
}

function inflateBounded(data: Uint8Array): Uint8Array | string {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooBig = false;
  const inf = new Inflate((chunk) => {
    total += chunk.length;
    if (total > MAX_RECIPE_CHARS * 4) tooBig = true; else chunks.push(chunk);
  });
  try {
    inf.push(data, true);
  } catch {
    return "share-truncated";
  }
  if (tooBig) return "share-too-large";
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}

/**
 * Decodes a share link: a full URL, `#r=…`, or `r=…`. Unknown versions, damaged or truncated
 * data, local paths and invalid recipes all give a diagnostic saying what to do.
 */
export function decodeShareFragment(link: string): ShareDecodeResult {
  const hash = link.includes("#") ? link.slice(link.indexOf("#") + 1) : link;
  const param = hash.split("&").find((p) => p.startsWith("r="));
  if (param === undefined) return failed("share-missing", "the link holds no recipe: expected a '#r=1.…' fragment; copy the whole share URL");
  const body = param.slice(2).trim();
  const dot = body.indexOf(".");
  const version = dot > 0 ? body.slice(0, dot) : "";
  if (!/^\d+$/.test(version)) return failed("share-corrupt", "the link's recipe does not start with a version number ('1.'); copy the whole share URL");
  if (version !== "1") return failed("share-unsupported-version", `the link uses share format ${version}, which this version of Merge Studio cannot read (it reads format ${SHARE_VERSION}); update Merge Studio`);
  const bytes = fromBase64Url(body.slice(dot + 1));
  if (!bytes || bytes.length === 0) return failed("share-corrupt", "the link's recipe data contains characters that cannot be in a share link; it was probably altered or cut; copy the whole URL again");
  const raw = inflateBounded(bytes);
  if (raw === "share-truncated") return failed("share-truncated", "the link's recipe data is damaged or cut off (it does not decompress); copy the whole URL again");
  if (typeof raw === "string") return failed("share-too-large", `the link's recipe expands to more than ${MAX_RECIPE_CHARS * 4} bytes, which no recipe needs; it is refused`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    return failed("share-corrupt", "the link's recipe is not valid text; it was probably altered; copy the whole URL again");
  }
  const parsed = parseRecipe(text);
  const refused = parsed.recipe ? shareRefusals(parsed.recipe, text) : [];
  return refused.length ? { ...parsed, text, recipe: null, diagnostics: [...parsed.diagnostics, ...refused] } : { ...parsed, text };
}

/** A full share URL: `base` (default the app's origin path) plus the fragment. */
export function shareUrl(base: string, fragment: string): string {
  return base.replace(/#.*$/, "") + fragment;
}
