/** "Did you mean" suggestions: the nearest candidate by edit distance. */

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/** The candidate closest to `word` (case-insensitive), or null when none is plausibly meant. */
export function nearest(word: string, candidates: readonly string[]): string | null {
  const w = word.toLowerCase();
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase());
    if (d < bestD) { best = c; bestD = d; }
  }
  // Allow roughly one typo per three characters, at least 2.
  return best !== null && bestD <= Math.max(2, Math.floor(w.length / 3)) ? best : null;
}

/** " Did you mean 'x'?" or "" — appended to messages about unknown names. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const n = nearest(word, candidates);
  return n === null ? "" : ` Did you mean '${n}'?`;
}
