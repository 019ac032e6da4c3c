/**
 * Recipe text -> Recipe + positioned diagnostics. Never throws: YAML syntax errors, hostile
 * input (size, aliases, depth) and every semantic problem come back as diagnostics.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { Diagnostic, Recipe } from "./types.ts";
import { IssueSink } from "./issue.ts";
import { decodeRecipe } from "./decode.ts";
import { validateRecipe } from "./validate.ts";
import { positionIssue, toPosition } from "./locate.ts";
import { applySuppressions } from "./suppress.ts";
import { prescanNesting } from "./prescan.ts";
import { MAX_ALIAS_COUNT, MAX_DEPTH, MAX_RECIPE_CHARS } from "./limits.ts";

/** Options of parseRecipe / parseRecipes. */
export interface ParseOptions {
  /** Shown nowhere in diagnostics (they carry positions only); kept for callers that log. */
  fileName?: string;
  /** Warning codes to drop (the CLI's --ignore). */
  ignore?: readonly string[];
}

/** The result of reading one recipe document. */
export interface ParsedRecipe {
  /** The recipe, or null when any error was found. */
  recipe: Recipe | null;
  /** Errors and warnings, in source order. */
  diagnostics: Diagnostic[];
  /** The YAML document (positions, comments), null when the text could not be read at all. */
  document: Document | null;
}

/** yaml options: YAML 1.1 like PyYAML (yes/on are booleans, 010 is octal), duplicate keys allowed, merge keys; source tokens kept for editing. */
export const YAML_OPTIONS = { keepSourceTokens: true, uniqueKeys: false, prettyErrors: false, merge: true, version: "1.1" } as const;

/** A diagnostic at an offset range (path-less: YAML-level problems). */
export function at(code: string, message: string, lines: LineCounter | null, from = 0, to = from, severity: "error" | "warning" = "error"): Diagnostic {
  const s = lines ? toPosition(lines, from) : { line: 1, column: 1 };
  const e = lines ? toPosition(lines, to) : s;
  return { severity, code, message, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, path: [] };
}

/** Checks nesting depth and duplicate keys without recursion (so deep input cannot overflow the stack). */
function structureDiagnostics(doc: Document, lines: LineCounter): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: { node: Node; depth: number }[] = doc.contents ? [{ node: doc.contents, depth: 1 }] : [];
  while (stack.length) {
    const { node, depth } = stack.pop() as { node: Node; depth: number };
    if (depth > MAX_DEPTH) {
      const r = node.range ?? [0, 0];
      out.push(at("too-deep", `the recipe nests deeper than ${MAX_DEPTH} levels; a merge recipe never needs that many, so it is refused`, lines, r[0], r[1]));
      return out;
    }
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const p of node.items) {
        const k = isScalar(p.key) ? String(p.key.value) : null;
        if (k !== null && seen.has(k)) {
          const r = (p.key as Node).range ?? [0, 0];
          out.push(at("duplicate-key", `key '${k}' appears twice in the same mapping; mergekit (PyYAML) silently keeps the last one. Remove one of them.`, lines, r[0], r[1], "warning"));
        }
        if (k !== null) seen.add(k);
        if (p.value && !isAlias(p.value)) stack.push({ node: p.value as Node, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (const it of node.items) if (it && !isAlias(it)) stack.push({ node: it as Node, depth: depth + 1 });
    }
  }
  return out;
}

/** Reads one already-parsed YAML document. `text` is this document's own text, starting at `firstLine`. */
export function readDocument(doc: Document, lines: LineCounter, text: string, firstLine: number, opts: ParseOptions): ParsedRecipe {
  const diags: Diagnostic[] = [];
  for (const e of doc.errors) diags.push(at("yaml-syntax", `YAML syntax error: ${e.message.split("\n")[0]}`, lines, e.pos[0], e.pos[1]));
  for (const w of doc.warnings) diags.push(at("yaml-warning", w.message.split("\n")[0] ?? "", lines, w.pos[0], w.pos[1], "warning"));
  if (diags.some((d) => d.severity === "error")) return { recipe: null, diagnostics: diags, document: doc };
  diags.push(...structureDiagnostics(doc, lines));
  if (diags.some((d) => d.code === "too-deep")) return { recipe: null, diagnostics: diags, document: doc };
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const r = doc.contents?.range ?? [0, 0];
    diags.push(at("too-many-aliases", `the recipe expands YAML aliases (*name) more than ${MAX_ALIAS_COUNT} times, which is refused as a resource-exhaustion attack (${(e as Error).message.split("\n")[0]})`, lines, r[0], r[0]));
    return { recipe: null, diagnostics: diags, document: doc };
  }
  const sink = new IssueSink();
  const recipe = decodeRecipe(js, sink);
  if (recipe) validateRecipe(recipe, sink);
  diags.push(...sink.issues.map((i) => positionIssue(i, doc, lines)));
  const kept = applySuppressions(diags, text, firstLine, opts.ignore).sort((a, b) => a.line - b.line || a.column - b.column);
  return { recipe: kept.some((d) => d.severity === "error") ? null : recipe, diagnostics: kept, document: doc };
}

/** The too-large / too-deep diagnostic for text refused before parsing, or null when it may be parsed. */
export function tooLarge(text: string): Diagnostic | null {
  if (text.length > MAX_RECIPE_CHARS) {
    return at("too-large", `the recipe is ${text.length} characters; the limit is ${MAX_RECIPE_CHARS}. A merge recipe is a few KB: remove unrelated content.`, null);
  }
  const deep = prescanNesting(text);
  if (!deep) return null;
  const lines = new LineCounter();
  lines.addNewLine(0);
  let nl = text.indexOf("\n");
  while (nl !== -1 && nl < deep.offset) { lines.addNewLine(nl + 1); nl = text.indexOf("\n", nl + 1); }
  return at("too-deep", `${deep.reason}; a merge recipe never needs that, so it is refused before parsing`, lines, deep.offset, deep.offset + 1);
}

/** Parses a single-document recipe (the app's editor, share links, mergekit-yaml files). */
export function parseRecipe(text: string, opts: ParseOptions = {}): ParsedRecipe {
  const big = tooLarge(text);
  if (big) return { recipe: null, diagnostics: [big], document: null };
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter: lines });
  } catch (e) {
    return { recipe: null, diagnostics: [at("yaml-syntax", `the YAML could not be read: ${(e as Error).message}`, null)], document: null };
  }
  return readDocument(doc, lines, text, 1, opts);
}

