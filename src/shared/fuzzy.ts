import { createRequire } from 'node:module';
import type * as NaturalNs from 'natural';

/**
 * The shared door to `natural`'s string metrics and phonetics, used by cleaning (clustering,
 * fuzzy dedupe) and the NLP layer. `natural` is CommonJS (named ESM imports fail at run time) and
 * costly to load: ~0.5 s, ~115 MB, and it pulls in `redis`, whose String subclass slows string code
 * in the whole process. So it is required on first use, never at import.
 */
type Natural = typeof NaturalNs;
interface Lib {
  n: Natural;
  doubleMetaphone: { process(s: string): string[] };
  metaphone: { process(s: string): string };
}
let lib: Lib | undefined;
function load(): Lib {
  if (!lib) {
    const n = createRequire(import.meta.url)('natural') as Natural;
    // The phonetic encoders are stateless instances; one each is enough.
    lib = {
      n,
      doubleMetaphone: new (n.DoubleMetaphone as unknown as new () => Lib['doubleMetaphone'])(),
      metaphone: new (n.Metaphone as unknown as new () => Lib['metaphone'])(),
    };
  }
  return lib;
}

/** Jaro-Winkler similarity in [0, 1] (1 = identical), computed by `natural`. */
export function jaroWinklerNatural(a: string, b: string): number {
  if (a === b) return 1;
  return load().n.JaroWinklerDistance(a, b, {});
}

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/**
 * Jaro-Winkler similarity in [0, 1] (1 = identical; prefix scale 0.1, prefix up to 4). The same
 * algorithm as natural's JaroWinklerDistance, step for step (tests compare them on thousands of
 * pairs), but on reused typed arrays: natural allocates two arrays per call, which made it the
 * bottleneck of fuzzy dedupe (≈5 µs a pair on 35-character strings).
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (flagsA.length < la) flagsA = new Uint8Array(la * 2);
  if (flagsB.length < lb) flagsB = new Uint8Array(lb * 2);
  // Locals, not the module bindings, so the hot loops see fixed typed arrays.
  const fa = flagsA;
  const fb = flagsB;
  for (let i = 0; i < la; i++) fa[i] = 0;
  for (let k = 0; k < lb; k++) fb[k] = 0;
  const window = ((la > lb ? la : lb) >> 1) - 1;
  let m = 0;
  for (let i = 0; i < la; i++) {
    const start = i - window > 0 ? i - window : 0;
    const stop = i + window + 1 < lb ? i + window + 1 : lb;
    const c = a.charCodeAt(i);
    for (let k = start; k < stop; k++) {
      if (fb[k] === 0 && b.charCodeAt(k) === c) {
        fa[i] = 1;
        fb[k] = 1;
        m++;
        break;
      }
    }
  }
  if (m === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (fa[i] === 0) continue;
    while (fb[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  const jaro = (m / la + m / lb + (m - t / 2) / m) / 3;
  let l = 0;
  while (l < 4 && l < la && l < lb && a.charCodeAt(l) === b.charCodeAt(l)) l++;
  return jaro + l * 0.1 * (1 - jaro);
}

/** Unrestricted Damerau-Levenshtein distance (insert, delete, substitute, transpose adjacent: cost 1 each). */
export function damerauLevenshtein(a: string, b: string): number {
  if (a === b) return 0;
  return load().n.DamerauLevenshteinDistance(a, b);
}

/** Levenshtein edit distance (insert, delete, substitute: cost 1 each). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  return load().n.LevenshteinDistance(a, b);
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
  const codes = load().doubleMetaphone.process(s);
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
  return load().metaphone.process(s);
}

/** Porter stem of one lower-case English word. */
export function porterStem(s: string): string {
  return load().n.PorterStemmer.stem(s);
}
