/**
 * The app's view of the recipe text: parse it once per text (memoised) into a loose, UI-friendly
 * shape plus diagnostics, and apply one visual edit to the text while keeping the user's comments.
 * Full validation (codes, ranges, method rules) comes from src/core/recipe when it is available.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from "yaml";

/** A path into the recipe YAML, e.g. ["models", 0, "parameters", "weight"]. */
export type RecipePath = readonly (string | number)[];

/** One problem in the recipe, 1-based positions, as Monaco markers and the form show it. */
export interface RecipeProblem {
  severity: "error" | "warning";
  code: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  path: RecipePath;
}

/** The recipe as plain data (YAML to JS), or null when the text is not a YAML mapping. */
export type RecipeData = Record<string, unknown>;

/** Result of reading the recipe text. */
export interface ParsedRecipeText {
  text: string;
  data: RecipeData | null;
  problems: RecipeProblem[];
}

const MAX_TEXT = 1_000_000;

function readDoc(text: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, keepSourceTokens: true, prettyErrors: false });
  return { doc, lines };
}

/** Parse recipe text into data + YAML-level problems (syntax, not a mapping, too large). */
export function parseRecipeText(text: string): ParsedRecipeText {
  if (text.length > MAX_TEXT) {
    return { text, data: null, problems: [{ severity: "error", code: "too-large", message: `The recipe is ${text.length} characters; the limit is ${MAX_TEXT}. Remove unused content.`, line: 1, column: 1, endLine: 1, endColumn: 1, path: [] }] };
  }
  const { doc, lines } = readDoc(text);
  const problems: RecipeProblem[] = [];
  for (const [severity, list] of [["error", doc.errors], ["warning", doc.warnings]] as const) {
    for (const e of list) {
      const start = lines.linePos(e.pos[0]);
      const end = lines.linePos(Math.max(e.pos[1], e.pos[0] + 1));
      problems.push({ severity, code: "yaml-syntax", message: e.message.split("\n")[0], line: start.line, column: start.col, endLine: end.line, endColumn: end.col, path: [] });
    }
  }
  if (problems.some((p) => p.severity === "error")) return { text, data: null, problems };
  const js: unknown = doc.toJS({ maxAliasCount: 100 });
  if (js === null || js === undefined) return { text, data: {}, problems };
  if (typeof js !== "object" || Array.isArray(js)) {
    problems.push({ severity: "error", code: "not-a-mapping", message: "A recipe is a YAML mapping (merge_method: ..., models: ...); this document is not.", line: 1, column: 1, endLine: 1, endColumn: 2, path: [] });
    return { text, data: null, problems };
  }
  return { text, data: js as RecipeData, problems };
}

/** 1-based line/column range of the node at `path`, or null when the path is not in the text. */
export function locatePath(text: string, path: RecipePath): { line: number; column: number; endLine: number; endColumn: number } | null {
  const { doc, lines } = readDoc(text);
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  if (!node || !node.range) return null;
  const a = lines.linePos(node.range[0]);
  const b = lines.linePos(node.range[1]);
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

/**
 * Apply one change to the recipe text, keeping comments and formatting elsewhere.
 * `value === undefined` deletes the key or list item. Numbers lists are written in flow style
 * (`[0, 0.5, 1]`) as mergekit writes them.
 */
export function editRecipeAt(text: string, path: RecipePath, value: unknown): string {
  const { doc } = readDoc(text);
  if (doc.errors.length > 0) {
    throw new Error(`The YAML has a syntax error (${doc.errors[0].message.split("\n")[0]}); fix it in the YAML editor before editing visually.`);
  }
  if (doc.contents === null) doc.contents = doc.createNode({}) as never;
  if (value === undefined) {
    doc.deleteIn(path);
  } else {
    const node = doc.createNode(value);
    // Number lists (gradients, layer_range) in flow style, as mergekit writes them.
    visit(node, { Seq: (_k, seq) => { if (seq.items.length > 0 && seq.items.every((i) => isScalar(i) && typeof i.value === "number")) seq.flow = true; } });
    if (isMap(node) && node.items.length === 0) node.flow = true;
    if (isSeq(node) && node.items.length === 0) node.flow = true;
    doc.setIn(path, node);
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
