import { doubleMetaphone } from '../../shared/fuzzy.js';
import { ngramFingerprint } from './keys.js';

/**
 * Blocking: which pairs are worth comparing. Nearest-neighbour clustering and fuzzy dedupe never
 * compare all pairs; they compare pairs that share a block or lie within a window of a sorted key.
 * Several passes are combined (union of their pairs) so a typo that breaks one key is caught by another.
 */

export const BLOCK_KEYS = ['fingerprint', 'reversed', 'phonetic', 'ngram', 'prefix'] as const;
export type BlockKey = (typeof BLOCK_KEYS)[number];

export type BlockingPass =
  /** Sort by the key and compare each item with the next `window - 1` items. */
  | { kind: 'sorted'; key: BlockKey; window: number }
  /** Compare items whose key is equal; blocks larger than `maxBlockSize` are skipped. */
  | { kind: 'block'; key: BlockKey; maxBlockSize: number }
  /** Compare items sharing any character n-gram of the comparable form (OpenRefine's kNN blocking). */
  | { kind: 'ngrams'; n: number; maxBlockSize: number };

/** Default passes for fuzzy matching: sorted neighbourhood on the fingerprint and on its reverse, plus phonetic blocks. */
export const DEFAULT_BLOCKING: readonly BlockingPass[] = [
  { kind: 'sorted', key: 'fingerprint', window: 8 },
  { kind: 'sorted', key: 'reversed', window: 8 },
  { kind: 'block', key: 'phonetic', maxBlockSize: 50 },
];

/**
 * Builds blocking keys for strings already in `comparable` form (folded, punctuation removed,
 * single spaces), which is what the clusterers and the dedupe scorer hold. Phonetic codes are
 * cached per word: a column repeats its words far more often than its values.
 */
export function blockKeyer(key: BlockKey): (s: string) => string {
  switch (key) {
    case 'fingerprint':
      return (s) => [...new Set(s.split(' '))].sort().join(' ');
    case 'reversed':
      // Reverse the spaceless form so typos near the start still sort next to the original.
      return (s) => s.replace(/ /g, '').split('').reverse().join('');
    case 'phonetic': {
      const cache = new Map<string, string>();
      const code = (w: string): string => {
        let c = cache.get(w);
        if (c === undefined) {
          c = /[a-z]/.test(w) ? doubleMetaphone(w)[0] || w : w;
          if (cache.size < 1_000_000) cache.set(w, c);
        }
        return c;
      };
      return (s) => s.split(' ').map(code).join(' ');
    }
    case 'ngram':
      return (s) => ngramFingerprint(s, 2);
    case 'prefix':
      return (s) => s.replace(/ /g, '').slice(0, 4);
  }
}

/** Visits candidate pairs (i < j) of one pass over `comparable` strings. Pairs may repeat across passes. */
export function forEachCandidatePair(texts: readonly string[], pass: BlockingPass, visit: (i: number, j: number) => void): void {
  const n = texts.length;
  if (pass.kind === 'sorted') {
    const keyOf = blockKeyer(pass.key);
    const keys = texts.map(keyOf);
    const order = Array.from({ length: n }, (_, i) => i);
    // Code-unit order: a stable total order is all sorted neighbourhood needs, and it is much faster than localeCompare.
    order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
    const w = Math.max(2, pass.window);
    for (let p = 0; p < n; p++) {
      const i = order[p]!;
      const end = Math.min(n, p + w);
      for (let q = p + 1; q < end; q++) {
        const j = order[q]!;
        if (i < j) visit(i, j);
        else visit(j, i);
      }
    }
    return;
  }
  const blocks = new Map<string, number[]>();
  const keyOf = pass.kind === 'block' ? blockKeyer(pass.key) : null;
  for (let i = 0; i < n; i++) {
    const keys = keyOf ? [keyOf(texts[i]!)] : ngramsOf(texts[i]!, (pass as { n: number }).n);
    for (const k of keys) {
      if (!k) continue;
      let b = blocks.get(k);
      if (!b) blocks.set(k, (b = []));
      if (b[b.length - 1] !== i) b.push(i);
    }
  }
  for (const members of blocks.values()) {
    if (members.length < 2 || members.length > pass.maxBlockSize) continue;
    for (let a = 0; a < members.length; a++) {
      for (let b = a + 1; b < members.length; b++) visit(members[a]!, members[b]!);
    }
  }
}

/** Distinct character n-grams of `s` (the whole string when shorter than n). */
export function ngramsOf(s: string, n: number): string[] {
  if (s.length <= n) return [s];
  const out = new Set<string>();
  for (let i = 0; i + n <= s.length; i++) out.add(s.slice(i, i + n));
  return [...out];
}
