// Values that carry a word shared by many of their column's values ("Marion County", "Shelby
// County", "Wayne County"): people say only the distinctive word ("Marion"). Pure.
import { STOPWORDS } from './lexicon.js';

/** Common words shared by at least this many values of a column count as the generic part. */
const GENERIC_AT = 3;

/**
 * For each value whose one distinctive word (found in no other value) stands beside only generic
 * words, that word and the value it names; values like "North Lanarkshire", whose other word is
 * shared by just two values, keep their full name only.
 */
export function distinctiveWords(keys: readonly string[]): Map<string, number> {
  // Only values of several words can have a distinctive one: most columns have none and cost nothing.
  if (!keys.some((k) => k.includes(' '))) return new Map();
  const uses = new Map<string, number>();
  const words = keys.map((k) => k.split(' '));
  for (const ws of words) for (const w of new Set(ws)) uses.set(w, (uses.get(w) ?? 0) + 1);
  const out = new Map<string, number>();
  words.forEach((ws, i) => {
    if (ws.length < 2) return;
    const own = ws.filter((w) => uses.get(w) === 1);
    if (own.length !== 1 || own[0]!.length < 3 || STOPWORDS.has(own[0]!) || /^\d/.test(own[0]!)) return;
    if (ws.every((w) => w === own[0] || (uses.get(w) ?? 0) >= GENERIC_AT)) out.set(own[0]!, i);
  });
  return out;
}

/**
 * Words one or a few values of a column carry as a whole word ("barn owl", "snowy owl" → owl),
 * but not most of them (then the word says nothing), and that never hide inside another word ("bat"
 * would also match "wombat"): a person says the word for all the values that carry it. Word → how
 * many values carry it.
 */
export function sharedWords(keys: readonly string[]): Map<string, number> {
  if (!keys.some((k) => k.includes(' '))) return new Map();
  const uses = new Map<string, number>();
  for (const k of keys) for (const w of new Set(k.split(' '))) if (w.length >= 3 && !STOPWORDS.has(w) && !/\d/.test(w)) uses.set(w, (uses.get(w) ?? 0) + 1);
  // Words that sit inside a longer word of some value: every piece of every word, up to the
  // longest likely word, looked up once (linear in the values, where testing each word against
  // every value was quadratic: seconds on a column of 10,000 names).
  // A value that also has the word whole is matched by it anyway: only the others hide it.
  // A piece is looked up only where its first three letters begin some word (most places begin none).
  const hidden = new Set<string>();
  const starts = new Set<string>();
  for (const w of uses.keys()) starts.add(w.slice(0, 3));
  for (const k of keys) {
    const own = new Set(k.split(' '));
    for (const t of own) {
      for (let i = 0; i + 3 <= t.length; i++) {
        if (!starts.has(t.slice(i, i + 3))) continue;
        for (let j = i + 3; j <= Math.min(t.length, i + MAX_PIECE); j++) {
          if (j - i === t.length) continue;
          const piece = t.slice(i, j);
          if (uses.has(piece) && !own.has(piece)) hidden.add(piece);
        }
      }
    }
  }
  const out = new Map<string, number>();
  for (const [w, n] of uses) {
    if (n > Math.max(2, keys.length / 3) || hidden.has(w)) continue;
    // A word longer than the pieces looked at is checked the slow way (rare).
    if (w.length > MAX_PIECE && keys.some((k) => k.includes(w) && !k.split(' ').includes(w))) continue;
    out.set(w, n);
  }
  return out;
}

/** Longest piece of a word looked up as a possibly hidden shared word. */
const MAX_PIECE = 24;
