import natural from 'natural';

/**
 * The shared door to `natural`'s string metrics and phonetics, used by cleaning (clustering,
 * fuzzy dedupe) and the NLP layer. `natural` is CommonJS: its named ESM imports fail at run time,
 * so it is imported as a default and destructured (STACK.md trap 8).
 */
const { JaroWinklerDistance, DamerauLevenshteinDistance, LevenshteinDistance, DoubleMetaphone, Metaphone, PorterStemmer } = natural;

// The phonetic encoders are stateless instances; one each is enough.
const doubleMetaphoneEncoder = new DoubleMetaphone();
const metaphoneEncoder = new Metaphone();

/** Jaro-Winkler similarity in [0, 1] (1 = identical); two empty strings are identical. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  return JaroWinklerDistance(a, b);
}

/** Unrestricted Damerau-Levenshtein distance (insert, delete, substitute, transpose adjacent: cost 1 each). */
export function damerauLevenshtein(a: string, b: string): number {
  if (a === b) return 0;
  return DamerauLevenshteinDistance(a, b);
}

/** Levenshtein edit distance (insert, delete, substitute: cost 1 each). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  return LevenshteinDistance(a, b);
}

// Scratch rows reused across calls: the bounded distance runs millions of times in blocking loops.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/**
 * Levenshtein distance when it is at most `max`, else `max + 1`. Same metric as `levenshtein`
 * (tests check it against natural's), but allocation-free and cut off early, because natural's
 * version builds an object matrix per call and is ~20× slower in the clustering and dedupe loops.
 */
export function boundedLevenshtein(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (a.length > b.length) [a, b] = [b, a];
  const m = a.length;
  const n = b.length;
  if (n - m > max) return max + 1;
  if (m === 0) return n;
  if (rowA.length <= n) {
    rowA = new Int32Array(n + 1);
    rowB = new Int32Array(n + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      const v = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[n]!;
  return d > max ? max + 1 : d;
}

/**
 * Levenshtein distance scaled to a similarity in [0, 1]: 1 − distance / longer length. With a
 * `floor`, any similarity below it may be reported as 0 (the distance computation stops early).
 */
export function levenshteinSimilarity(a: string, b: string, floor = 0): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  const max = Math.floor((1 - floor) * longer + 1e-9);
  const d = boundedLevenshtein(a, b, max);
  return d > max ? 0 : 1 - d / longer;
}

/** Double Metaphone codes of `s` as [primary, secondary]; ['', ''] for input without letters. */
export function doubleMetaphone(s: string): [string, string] {
  const codes = doubleMetaphoneEncoder.process(s);
  return [codes[0] ?? '', codes[1] ?? codes[0] ?? ''];
}

/**
 * True when the two strings share any Double Metaphone code. Unlike `DoubleMetaphone.compare`,
 * which compares primary to primary only, this also matches primary to secondary.
 */
export function doubleMetaphoneMatch(a: string, b: string): boolean {
  const [pa, sa] = doubleMetaphone(a);
  const [pb, sb] = doubleMetaphone(b);
  if (!pa && !sa) return false;
  return pa === pb || pa === sb || sa === pb || sa === sb;
}

/** Original Metaphone code of `s`. */
export function metaphone(s: string): string {
  return metaphoneEncoder.process(s);
}

/** Porter stem of one lower-case English word. */
export function porterStem(s: string): string {
  return PorterStemmer.stem(s);
}
