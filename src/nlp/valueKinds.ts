// What the values of a column of kinds ("type": sedan, wagon, pickup truck) are kinds of, from
// WordNet: "vehicle type" is that column, "engine type" is not, though both end on its word.
// Pure over a loaded WordNet.
import { lemmasOf } from './wordnet/lemmas.js';
import type { WordNet } from './wordnet/wordnet.js';

/**
 * The words above the values in WordNet's hierarchy (first sense, as isKindOf reads it), or
 * undefined when WordNet knows too few of the values to say (codes such as "WinF", "Con"):
 * then nothing contradicts a word said before the column.
 */
export function kindsOfValues(wn: WordNet, keys: readonly string[]): Set<string> | undefined {
  const out = new Set<string>();
  let known = 0;
  for (const key of keys) {
    const word = key.replace(/ /g, '_');
    const base = [word, ...lemmasOf(word, 'noun')].find((w) => wn.has(w, 'n'));
    if (!base) continue;
    known++;
    let frontier = wn.lookup(base, 'n').slice(0, 1);
    for (let d = 0; d < 12 && frontier.length; d++) {
      for (const s of frontier) for (const w of s.words) out.add(w);
      frontier = frontier.flatMap((s) => wn.follow(s, '@'));
    }
  }
  return known * 2 > keys.length ? out : undefined;
}
