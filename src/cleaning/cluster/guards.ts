import { editDistance } from '../../shared/suggest.js';
import { fingerprint } from './keys.js';

/**
 * Guards against merging distinct real values that look alike: sequels and editions ("Rocky II" /
 * "Rocky III", "Scary Movie 2" / "Scary Movie 3", "The Ring" / "The Ring Two"), one value that is
 * another plus extra words ("Paramount" / "Paramount Vantage"), and short codes ("IA" / "IN"),
 * which may only merge when their fingerprints are equal ("NY" / "N.Y.").
 */

const ROMAN_RE = /^(?=[ivxlc])(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/;
const NUMBER_WORDS = new Set([
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth',
  'part', 'chapter', 'episode', 'volume', 'vol', 'season', 'returns', 'reloaded', 'revisited', 'sequel',
]);
/** Codes shorter than this (letters and digits only) merge only on equal fingerprints. */
export const SHORT_VALUE_LENGTH = 4;
/**
 * Values up to this many letters and digits are short titles: one of them extended by letters at
 * either end is another word ("Babe" / "Babel", "Friday" / "Frida"), not a typo of it.
 */
export const SHORT_TITLE_LENGTH = 8;

/** What the guards need from a value, computed once per distinct value. */
export interface GuardSignature {
  /** Digit runs in order, joined. */
  digits: string;
  /** Lower-case word tokens (punctuation as separator). */
  tokens: string[];
  fingerprint: string;
  /** Letters and digits only. */
  alnumLength: number;
}

/** Computes the guard signature of a value. */
export function guardSignature(s: string): GuardSignature {
  // NFKC turns superscripts and full-width digits into plain digits ("Alien³" carries a 3).
  const lower = s.normalize('NFKC').toLowerCase();
  const tokens = lower.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
  return {
    digits: (lower.match(/\d+/g) ?? []).map((d) => d.replace(/^0+(?=\d)/, '')).join(' '),
    tokens,
    fingerprint: fingerprint(s),
    alnumLength: tokens.reduce((n, t) => n + t.length, 0),
  };
}

/** True for a token that reads as a sequel or edition marker (roman numeral up to C, number word). */
export function isSequelToken(t: string): boolean {
  return (t.length <= 6 && ROMAN_RE.test(t)) || NUMBER_WORDS.has(t);
}

/** Why two values must not merge, or null when the guards allow it. */
export function mergeBlocker(a: GuardSignature, b: GuardSignature): string | null {
  if (a.fingerprint === b.fingerprint) return null;
  if (a.digits !== b.digits) return 'different numbers';
  if (a.alnumLength < SHORT_VALUE_LENGTH || b.alnumLength < SHORT_VALUE_LENGTH) return 'short code without equal fingerprint';
  const setA = new Set(a.tokens);
  const setB = new Set(b.tokens);
  const onlyA = a.tokens.filter((t) => !setB.has(t));
  const onlyB = b.tokens.filter((t) => !setA.has(t));
  // One value is the other plus whole words: a different entity, not a typo ("The Ring Two").
  if ((onlyA.length === 0) !== (onlyB.length === 0)) return 'one value extends the other by whole words';
  // Spacing variants: the differing words are the same letters split differently.
  if (onlyA.join('') === onlyB.join('')) return null;
  if (onlyA.length !== onlyB.length) {
    return onlyA.some(isSequelToken) || onlyB.some(isSequelToken) ? 'different sequel or edition marker' : 'different words';
  }
  for (let i = 0; i < onlyA.length; i++) {
    const x = onlyA[i]!;
    const y = onlyB[i]!;
    // Two markers that differ are two editions ("II" / "III"); a marker against a non-marker
    // ("Eleven" / "Eleve") is a typo and falls to the edit budget.
    if (isSequelToken(x) && isSequelToken(y)) return 'different sequel or edition marker';
    // In a short title every letter carries meaning: a word that is the other plus letters at an
    // end is a different word (a typo that drops or adds an end letter is lost; longer titles keep it).
    if (Math.max(a.alnumLength, b.alnumLength) <= SHORT_TITLE_LENGTH && x.length !== y.length && extendsAtEnd(x, y)) return 'short title extended at an end';
    // A typo touches one or two letters of a word; a word that differs more is another word
    // ("Dawn" / "Day", "Miner" / "Hickner").
    if (editDistance(x, y) > typoBudget(Math.max(x.length, y.length))) return 'a word differs by more than a typo';
  }
  return null;
}

/** True when the longer of two words is the shorter with letters added at its start or its end. */
function extendsAtEnd(x: string, y: string): boolean {
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return long.startsWith(short) || long.endsWith(short);
}

/** Edits a word of this length may carry and still be a typo of another. */
export function typoBudget(wordLength: number): number {
  return wordLength <= 5 ? 1 : wordLength <= 9 ? 2 : 3;
}

/**
 * Frequency evidence for fuzzy merges: a variant is a rare spelling of a common value, so the
 * more frequent of the two must be at least `ratio` times as frequent. Two values that are both
 * common are two real values ("Paramount" is not a typo of "Paramour" when both fill pages).
 */
export function frequencyAllows(countA: number, countB: number, ratio: number): boolean {
  if (ratio <= 1) return true;
  return Math.max(countA, countB) >= ratio * Math.min(countA, countB);
}

/** True when the guards allow `a` and `b` to merge. */
export function mayMerge(a: GuardSignature, b: GuardSignature): boolean {
  return mergeBlocker(a, b) === null;
}
