/** Damerau-Levenshtein (optimal string alignment) distance; small and dependency-free for error hints. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = new Array<number>(n + 1);
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

/** The candidates closest to `input` (case-insensitive), best first; empty when none is plausibly meant. */
export function closest(input: string, candidates: readonly string[], max = 3): string[] {
  const q = input.toLowerCase().trim();
  return candidates
    .map((c) => {
      const lc = c.toLowerCase();
      let d = editDistance(q, lc);
      if (lc.includes(q) || q.includes(lc)) d = Math.min(d, Math.abs(lc.length - q.length) / 2);
      return { c, d };
    })
    .filter(({ c, d }) => d <= Math.max(2, Math.ceil(Math.max(c.length, q.length) * 0.4)))
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, max)
    .map(({ c }) => c);
}

/** "; did you mean 'x'?" or "" — appended to not-found messages. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const best = closest(input, candidates, 1);
  return best.length ? `; did you mean '${best[0]}'?` : '';
}
