import { doubleMetaphone, metaphone } from '../../shared/fuzzy.js';

/**
 * OpenRefine's key-collision keyers. Values with the same key are candidates for one cluster;
 * the guards in guards.ts still decide whether two of them may merge.
 */

// Letters that NFD does not decompose into base + mark, so accent stripping alone misses them.
const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };
const FOLD_RE = /[ßæœøđðłþı]/g;
const MARKS_RE = /\p{M}+/gu;
// Punctuation, symbols and control characters, removed (not replaced by a space) as OpenRefine does,
// so that "N.Y." and "NY" share the key "ny".
const PUNCT_RE = /[\p{P}\p{S}\p{Cc}]+/gu;
const SPACE_RE = /\s+/u;

/** Lower-cases, strips accents and folds special letters to ASCII-like forms. */
export function asciiFold(s: string): string {
  const lower = s.toLowerCase();
  // Fast path: pure ASCII has nothing to decompose.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(lower)) return lower;
  return lower.normalize('NFD').replace(MARKS_RE, '').replace(FOLD_RE, (c) => FOLD[c] ?? c);
}

/** Fingerprint tokens: folded, punctuation removed, split on whitespace, unique, sorted. */
export function fingerprintTokens(s: string): string[] {
  const parts = asciiFold(s.trim()).replace(PUNCT_RE, '').split(SPACE_RE);
  const uniq = [...new Set(parts.filter((p) => p.length > 0))];
  return uniq.sort();
}

/** OpenRefine fingerprint: trim, lower-case, strip punctuation and accents, split, unique, sort, join. */
export function fingerprint(s: string): string {
  return fingerprintTokens(s).join(' ');
}

/** OpenRefine n-gram fingerprint: folded, punctuation and spaces removed, unique sorted n-grams joined. */
export function ngramFingerprint(s: string, n = 2): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`ngram size must be a positive integer, got ${n}`);
  const t = asciiFold(s).replace(PUNCT_RE, '').replace(/\s+/gu, '');
  if (t.length <= n) return t;
  const grams = new Set<string>();
  for (let i = 0; i + n <= t.length; i++) grams.add(t.slice(i, i + n));
  return [...grams].sort().join('');
}

export type PhoneticAlgorithm = 'metaphone' | 'double_metaphone';

/**
 * Phonetic key: the fingerprint tokens each encoded (Metaphone, or Double Metaphone's primary code)
 * and joined. Tokens without letters (numbers) are kept verbatim, since encoders drop digits.
 */
export function phoneticKey(s: string, algorithm: PhoneticAlgorithm = 'double_metaphone'): string {
  const codes = fingerprintTokens(s).map((tok) => {
    if (!/[a-z]/.test(tok)) return tok;
    const code = algorithm === 'metaphone' ? metaphone(tok) : doubleMetaphone(tok)[0];
    return code || tok;
  });
  return codes.join(' ');
}

/**
 * Form used by nearest-neighbour comparison: folded, punctuation removed, whitespace collapsed.
 * Punctuation variants are the fingerprint's business; here they would only eat the edit budget
 * that typos need ("Warner Brso" vs "Warner Bros.").
 */
export function comparable(s: string): string {
  return asciiFold(s).replace(PUNCT_RE, '').trim().replace(/\s+/gu, ' ');
}
