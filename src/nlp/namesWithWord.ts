// A word no column or value names but that a few names share ("the monkeys" in a table of animals
// named "owl monkey", "rhesus monkey"): the rows whose name carries it, not every row. Pure.
import { rootVariants } from './lexicon.js';
import type { TextPattern } from './textPatterns.js';
import type { Token } from './tokenize.js';
import type { Vocabulary } from './vocabulary.js';

/** Reads such words among the unknown ones as `contains` patterns on their column, and marks them used. */
export function readNamesWithWord(unknown: readonly Token[], used: Set<number>, vocab: Vocabulary): TextPattern[] {
  const out: TextPattern[] = [];
  for (const t of unknown) {
    if (used.has(t.index) || t.kind !== 'word') continue;
    for (const w of [t.key, ...rootVariants(t.key)]) {
      const columns = vocab.sharedWords.get(w);
      // A word two columns share says nothing about which.
      const column = columns?.length === 1 ? vocab.dataset.columns.find((c) => c.name === columns[0]) : undefined;
      if (!column || column.type !== 'text') continue;
      out.push({ column, op: 'contains', texts: [w], start: t.index, end: t.index + 1, via: `names with the word '${w}'` });
      used.add(t.index);
      break;
    }
  }
  return out;
}
