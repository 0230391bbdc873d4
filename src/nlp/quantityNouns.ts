// A word for a quantity beside the measure it qualifies ("corn price", "the price of corn",
// "closing value") names that measure's figure, not something else.
import type { ColumnMention } from './analysisTypes.js';
import { OWN_FIGURE, QUANTITY_NOUNS, SPECIFIC_QUANTITY } from './analyzeWords.js';
import { isDatasetNameWord } from './datasetName.js';
import type { LinkResult } from './link.js';
import type { Token } from './tokenize.js';
import { splitLabel, type Vocabulary } from './vocabulary.js';

/** Marks the quantity nouns as used; true when one is plural, asking for each figure over time ("readings"). */
export function readQuantityNouns(tokens: readonly Token[], used: Set<number>, links: LinkResult, measures: readonly ColumnMention[], vocab: Vocabulary): boolean {
  const k = (i: number) => tokens[i]?.key ?? '';
  const wide = vocab.wideMonths;
  // "corn price" names the corn column when its label is just "corn" (or says price), not "corn production".
  const fits = (m: ColumnMention, noun: string) => !SPECIFIC_QUANTITY.test(noun) || splitLabel(m.column.label).length === 1 || splitLabel(m.column.label).some((w) => w.replace(/s$/, '') === noun.replace(/s$/, ''));
  const measureAt = (i: number, noun = '') => measures.some((m) => m.link.start <= i && i < m.link.end && fits(m, noun));
  let series = false;
  const columnLinkAt = (i: number) => links.links.some((l) => l.start <= i && i < l.end && l.candidates[0]?.target.kind === 'column');
  for (const t of tokens) {
    // In a wide table every month column holds the same quantity, so any noun after one names it ("December temperature").
    if (t.kind !== 'word' || used.has(t.index) || !(QUANTITY_NOUNS.test(t.key) || (wide && columnLinkAt(t.index - 1) && vocab.english?.(t.key, 'n')))) continue;
    // "the A&B 100 level": a quantity of the data itself, named by the dataset's own name.
    const ofData = OWN_FIGURE.test(t.key) && (isDatasetNameWord(vocab.dataset, k(t.index - 1)) || (tokens[t.index - 1]?.kind === 'number' && isDatasetNameWord(vocab.dataset, k(t.index - 2))));
    if (ofData || measureAt(t.index - 1, t.key) || (wide && columnLinkAt(t.index - 1)) || (k(t.index + 1) === 'of' && measureAt(t.index + 2 + (k(t.index + 2) === 'the' ? 1 : 0), t.key))) {
      used.add(t.index);
      // "the ozone readings for 2015", "corn prices in the 1890s": each figure over the period, not one.
      if (/s$/.test(t.key) && !/ss$/.test(t.key)) series = true;
    }
  }
  return series;
}
