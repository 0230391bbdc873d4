// Words that only say how a column is spoken of: "sodium content", "humidity level", "the amount
// of rain" (a head noun of any measurement), the thing a column of kinds classifies ("glass type",
// "kind of glass"), and the unit a figure is given in ("in KB"). None changes the figure; left
// unknown they made the chat ask. Pure.
import type { LinkResult } from './link.js';
import { rootVariants } from './lexicon.js';
import type { Vocabulary } from './vocabulary.js';
import { UNIT_WORD } from './numberSlots.js';
import type { Token } from './tokenize.js';

const HEAD_NOUN = /^(content|contents|level|levels|amount|amounts|concentration|concentrations|quantity|quantities)$/;
export const CLASSIFIER = /^(type|types|kind|kinds|class|classes|category|categories|sort|sorts|variety|varieties)$/;

/**
 * Whether a word said with a column of kinds ("glass type") may be what that column classifies:
 * not where WordNet knows the values as kinds of something else ("engine type" over sedan, wagon).
 */
export function mayClassify(vocab: Vocabulary, column: string, word: string): boolean {
  const kinds = vocab.valueKinds?.get(column);
  return !kinds || [word, ...rootVariants(word)].some((w) => kinds.has(w));
}

/** Marks such words among the unknown ones as used. */
export function useQualifierWords(tokens: readonly Token[], unknown: readonly Token[], used: Set<number>, links: LinkResult, vocab: Vocabulary): void {
  const columnAt = (start: number) => links.links.find((l) => l.start === start && l.candidates[0]?.target.kind === 'column');
  const classifies = (l: LinkResult['links'][number] | undefined, word: string) => {
    const target = l?.candidates[0]?.target;
    return !!l && target?.kind === 'column' && CLASSIFIER.test(tokens[l.end - 1]!.key) && mayClassify(vocab, target.column, word);
  };
  const columnEndingAt = (end: number) => links.links.find((l) => l.end === end && l.candidates[0]?.target.kind === 'column');
  const k = (i: number) => tokens[i]?.key ?? '';
  for (const t of unknown) {
    if (used.has(t.index) || t.kind !== 'word') continue;
    const i = t.index;
    // "sodium content", "the amount of rain"
    const head = HEAD_NOUN.test(t.key) && (columnEndingAt(i) || (k(i + 1) === 'of' && (columnAt(i + 2) || (k(i + 2) === 'the' && columnAt(i + 3)))));
    // "glass type", "type of glass", "kinds of glass"
    const next = columnAt(i + 1);
    const before = k(i - 1) === 'of' ? columnEndingAt(i - 1) : undefined;
    const classified = classifies(next, t.key) || classifies(before, t.key);
    // "memory in KB", "the cycle time, in nanoseconds": the unit a figure is given in.
    // Not money or a share: "the claim amount in dollars" over a count of claims is a figure the data does not hold.
    const unit = UNIT_WORD.test(t.key) && !/^(dollars?|usd|eur|euros?|percent|pct)$/.test(t.key) && k(i - 1) === 'in';
    if (head || classified || unit) used.add(i);
  }
}
