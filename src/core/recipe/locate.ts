/** Finds the source range of a YAML path in a parsed document, for diagnostics. */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";
import type { Diagnostic, RecipePath } from "./types.ts";
import type { Issue } from "./issue.ts";

type Range = [number, number];

function keyMatches(key: unknown, seg: string | number): boolean {
  return isScalar(key) ? String(key.value) === String(seg) : key === seg;
}

/** Range of the node at `path` (or its key when `onKey`); falls back to the deepest existing ancestor. */
export function locateRange(doc: Document, path: RecipePath, onKey = false): Range {
  let node: Node | null = doc.contents;
  let range: Range = node?.range ? [node.range[0], node.range[1]] : [0, 0];
  for (let i = 0; i < path.length && node; i++) {
    const seg = path[i] as string | number;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyMatches(p.key, seg));
      if (!pair) break;
      const keyNode = pair.key as Node | null;
      const valNode = pair.value as Node | null;
      if (last && onKey && keyNode?.range) return [keyNode.range[0], keyNode.range[1]];
      node = valNode;
      if (valNode?.range) range = [valNode.range[0], valNode.range[1]];
      else if (keyNode?.range) { range = [keyNode.range[0], keyNode.range[1]]; break; }
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      node = item;
      if (item.range) range = [item.range[0], item.range[1]];
    } else break;
  }
  return range;
}

/** Converts an offset range into 1-based line/column positions. */
export function toPosition(lines: LineCounter, offset: number, base = 0): { line: number; column: number } {
  const p = lines.linePos(offset + base);
  return { line: p.line, column: p.col };
}

/** Turns a path-located issue into a positioned Diagnostic. */
export function positionIssue(issue: Issue, doc: Document, lines: LineCounter): Diagnostic {
  const [a, b] = locateRange(doc, issue.path, issue.onKey);
  const s = toPosition(lines, a);
  const e = toPosition(lines, Math.max(a, b));
  return { severity: issue.severity, code: issue.code, message: issue.message, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, path: issue.path };
}
