import { SafetensorsError } from "./errors.ts";

/**
 * One linear pass over JSON text, before JSON.parse sees it:
 * - rejects nesting deeper than `maxDepth`, so 10^6 nested arrays fail fast instead of
 *   overflowing the parser's stack;
 * - returns the raw (still escaped) keys of the top-level object, because JSON.parse silently
 *   keeps only the last of duplicate keys and safetensors forbids duplicates.
 * Brackets inside strings are skipped, escapes honoured.
 */
export function scanJson(text: string, maxDepth: number, where: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const start = i + 1;
      for (i = start; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
      if (depth === 1 && expectKey) keys.push(text.slice(start, i));
      expectKey = false;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) {
        throw new SafetensorsError(
          "JSON_TOO_DEEP",
          `${where}: JSON nests deeper than ${maxDepth} levels at character ${i}; a safetensors header is ` +
            `at most {name: {shape: [...]}} deep, so this file is corrupt or hostile.`,
        );
      }
      expectKey = depth === 1 && c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2c && depth === 1) {
      expectKey = true;
    }
  }
  return keys;
}
