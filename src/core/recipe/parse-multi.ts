/**
 * mergekit-multi files: several `---`-separated recipes, each optionally `name`d; a model
 * reference equal to another document's name means "that merge's output". Checked as a whole:
 * duplicate names, more than one unnamed (final) document, and reference cycles are errors.
 */
import { LineCounter, parseAllDocuments } from "yaml";
import type { Diagnostic } from "./types.ts";
import { at, type ParsedRecipe, type ParseOptions, readDocument, tooLarge, YAML_OPTIONS } from "./parse.ts";
import { positionIssue } from "./locate.ts";
import { modelKey } from "./model-ref.ts";
import { sourceGroups } from "./source-groups.ts";
import { MAX_DOCUMENTS } from "./limits.ts";

/** Result of a multi-document file: one ParsedRecipe per document plus all diagnostics in order. */
export interface ParsedRecipes {
  documents: ParsedRecipe[];
  diagnostics: Diagnostic[];
}

/** Parses every document of a (possibly multi-document) recipe file. */
export function parseRecipes(text: string, opts: ParseOptions = {}): ParsedRecipes {
  const big = tooLarge(text);
  if (big) return { documents: [], diagnostics: [big] };
  const lines = new LineCounter();
  let docs;
  try {
    const all = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: lines });
    docs = Array.isArray(all) ? all : [];
  } catch (e) {
    return { documents: [], diagnostics: [at("yaml-syntax", `the YAML could not be read: ${(e as Error).message}`, null)] };
  }
  if (docs.length > MAX_DOCUMENTS) {
    return { documents: [], diagnostics: [at("too-many-documents", `the file holds ${docs.length} YAML documents; the limit is ${MAX_DOCUMENTS}`, lines)] };
  }
  let prevEnd = 0;
  const documents = docs.map((doc) => {
    const end = doc.range[2];
    const firstLine = lines.linePos(prevEnd).line;
    const parsed = readDocument(doc, lines, text.slice(prevEnd, end), firstLine, opts);
    prevEnd = end;
    return parsed;
  });
  const extra = crossDocument(documents, lines);
  const diagnostics = [...documents.flatMap((d) => d.diagnostics), ...extra].sort((a, b) => a.line - b.line || a.column - b.column);
  if (extra.length) for (const d of documents) d.recipe = null;
  return { documents, diagnostics };
}

function crossDocument(documents: ParsedRecipe[], lines: LineCounter): Diagnostic[] {
  if (documents.length < 2) return [];
  const out: Diagnostic[] = [];
  const byName = new Map<string, number>();
  let unnamed = 0;
  documents.forEach((d, i) => {
    if (!d.recipe || !d.document) return;
    const name = d.recipe.name;
    const issue = (code: string, message: string) => out.push(positionIssue({ severity: "error", code, message, path: ["name"], onKey: true }, d.document!, lines));
    if (name === undefined) {
      unnamed++;
      if (unnamed > 1) out.push(positionIssue({ severity: "error", code: "multiple-unnamed", message: "only one document of a multi-document file may omit 'name:' (it is the final merge); name this one", path: [] }, d.document, lines));
    } else if (byName.has(name)) issue("duplicate-name", `two documents are named '${name}'; names must be unique in one file`);
    else byName.set(name, i);
  });
  // Dependency edges: document i uses document j's output when it references j's name.
  const deps = documents.map((d) => new Set(d.recipe ? sourceGroups(d.recipe).flatMap((g) => [...g.sources.map((s) => modelKey(s.model)), ...(g.base ? [modelKey(g.base)] : [])]).filter((k) => byName.has(k)).map((k) => byName.get(k) as number) : []));
  const state = documents.map(() => 0);
  const visit = (i: number): boolean => {
    if (state[i] === 1) return true;
    if (state[i] === 2) return false;
    state[i] = 1;
    for (const j of deps[i] ?? []) if (visit(j)) return true;
    state[i] = 2;
    return false;
  };
  documents.forEach((d, i) => {
    if (state[i] === 0 && visit(i) && d.document) {
      out.push(positionIssue({ severity: "error", code: "reference-cycle", message: `the documents refer to each other in a cycle through '${d.recipe?.name ?? "(unnamed)"}'; a merge cannot use its own output`, path: ["name"], onKey: true }, d.document, lines));
    }
  });
  return out;
}
