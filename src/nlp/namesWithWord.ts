// A word no column or value names but that a few names share ("the owls" in a table of birds
// named "barn owl", "snowy owl"): the rows whose name carries it, not every row. Pure.
import { rootVariants } from './lexicon.js';
import type { TextPattern } from './textPatterns.js';
import type { ValueMention } from './analysisTypes.js';
import { rowLabelColumn } from './options.js';
import type { Token } from './tokenize.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * Reads such words among the unknown ones as `contains` patterns on their column, and marks them
 * used. Only on the column that names the rows, or for a word several values share: on a column of
 * a few kinds, a word of one value ("nuclear" of "Nuclear Energy") is better asked about than read
 * beside that column's other filters (totals rows, "A vs B"). Never on a column a value of the
 * question already filters ("renewable energy": "energy" qualifies Renewables), nor for a word right
 * beside a value ("North Macedonia" where 'macedonia' reached the code MKD): it is part of that name.
 */
export function readNamesWithWord(unknown: readonly Token[], used: Set<number>, vocab: Vocabulary, values: readonly ValueMention[]): TextPattern[] {
  const out: TextPattern[] = [];
  const label = rowLabelColumn(vocab.dataset)?.name;
  // "North Macedonia" read as the code MKD: a word right beside a named value is part of that name.
  const besideValue = (i: number) => values.some((v) => v.link.start === i + 1 || v.link.end === i);
  for (const t of unknown) {
    if (used.has(t.index) || t.kind !== 'word' || besideValue(t.index)) continue;
    for (const w of [t.key, ...rootVariants(t.key)]) {
      const shared = vocab.sharedWords.get(w);
      // A word two columns share says nothing about which.
      const column = shared?.length === 1 ? vocab.dataset.columns.find((c) => c.name === shared[0]!.column) : undefined;
      if (!column || column.type !== 'text' || values.some((v) => v.column === column.name)) continue;
      if (column.name !== label && shared![0]!.count < 2) continue;
      out.push({ column, op: 'contains', texts: [w], start: t.index, end: t.index + 1, via: `names with the word '${w}'` });
      used.add(t.index);
      break;
    }
  }
  return out;
}
