/**
 * A cheap lexical pass run before the YAML parser: the parser itself can exhaust memory or the
 * stack on hostile nesting ("[[[[…" hundreds of thousands deep), so such text is refused first.
 */
import { MAX_DEPTH } from "./limits.ts";

/** Longest indentation (spaces plus "- " markers) a line may start with. */
const MAX_INDENT = 8 * MAX_DEPTH;

/** Where the text nests too deeply: {offset, reason}, or null when it is fine to parse. */
export function prescanNesting(text: string): { offset: number; reason: string } | null {
  let depth = 0;
  let quote: "'" | '"' | null = null;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") { lineStart = true; indent = 0; if (quote === null) continue; }
    if (lineStart) {
      if (c === " " || c === "-" || c === "\t") {
        if (++indent > MAX_INDENT) return { offset: i, reason: `a line is indented more than ${MAX_INDENT} columns` };
        continue;
      }
      lineStart = false;
    }
    if (quote !== null) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "#" && (i === 0 || /\s/.test(text[i - 1] as string))) {
      while (i + 1 < text.length && text[i + 1] !== "\n") i++;
    } else if ((c === "'" || c === '"') && (i === 0 || /[\s[{,:]/.test(text[i - 1] as string))) quote = c;
    else if (c === "[" || c === "{") {
      if (++depth > MAX_DEPTH) return { offset: i, reason: `brackets nest deeper than ${MAX_DEPTH} levels` };
    } else if ((c === "]" || c === "}") && depth > 0) depth--;
  }
  return null;
}
