// Whether a question word is a word of the dataset's own name. Names are often run together
// ("toothgrowth", "usarrests"), so a word may also start or end one of the name's words, but it
// never matches in the middle of one ("tric" is no word of "electricity").
import type { CatalogDataset } from '../shared/catalog.js';
import { rootVariants } from './lexicon.js';
import { splitLabel } from './vocabulary.js';

/** True when `word` (or one of its root forms, at least `minLength` letters) is a word of the dataset's name, or all its letters. */
export function isDatasetNameWord(ds: CatalogDataset, word: string, minLength = 3): boolean {
  const parts = [...splitLabel(ds.name), ...splitLabel(ds.label)].map((p) => p.replace(/[^a-z]/g, '')).filter(Boolean);
  // A short word that is all the letters of the name ("ab" of "ab100", said as "A&B") is the name itself.
  if (word.length >= 2 && parts.includes(word)) return true;
  return [word, ...rootVariants(word)].some((w) => w.length >= minLength && parts.some((p) => p === w || p.startsWith(w) || p.endsWith(w)));
}

/** True when the word (or its singular) is a whole word of the dataset's name or label ("crabs" of crabs), not only a part of one. */
export function isWholeDatasetWord(ds: CatalogDataset, word: string): boolean {
  const parts = [...splitLabel(ds.name), ...splitLabel(ds.label)];
  return [word, ...rootVariants(word)].some((w) => parts.includes(w));
}
