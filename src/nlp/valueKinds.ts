// What the values of a column of kinds ("type": sedan, wagon, pickup truck) are kinds of, from
// WordNet: "vehicle type" is that column, "engine type" is not, though both end on its word.
// Pure over a loaded WordNet.
import { wordsAbove } from './wordnet/relations.js';
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
    const above = wordsAbove(wn, key.replace(/ /g, '_'));
    if (!above) continue;
    known++;
    for (const w of above) out.add(w);
  }
  return known * 2 > keys.length ? out : undefined;
}
