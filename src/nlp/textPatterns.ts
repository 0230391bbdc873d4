// Text patterns on a name: "states whose name starts with New", "countries with South in the
// name", "names ending in -ton", "models containing 'AMC'". Read before linking, so the letters
// asked for ("New", "P") are never taken for a value or a column. Pure.
import type { CatalogColumn } from '../shared/catalog.js';
import { rootVariants } from './lexicon.js';
import { rowLabelColumn } from './options.js';
import { degreeOf } from './wordnet/lemmas.js';
import type { Token } from './tokenize.js';
import type { Vocabulary } from './vocabulary.js';

export interface TextPattern {
  column: CatalogColumn;
  op: 'starts_with' | 'ends_with' | 'contains';
  /** One text, or several joined by "or" ("North or South"): any of them. */
  texts: string[];
  start: number;
  end: number;
  /** Set when no pattern word was said and the text was read from the names themselves (src/nlp/namesWithWord.ts). */
  via?: string;
}

const STARTS = /^(starts?|starting|begins?|beginning)$/;
const ENDS = /^(ends?|ending)$/;
const CONTAINS = /^(contains?|containing|including|includes?)$/;
const NAME_WORD = /^(name|names|title|titles|label|labels)$/;
const POSSESSIVE = /^(the|their|its|his|her)$/;

/**
 * The text column a pattern is about: the noun right before its lead-in ("states whose name …",
 * "cities starting with …"), else the column that names the rows. Never a column said further back
 * ("by region for states starting with New" is about the states).
 */
function patternColumn(tokens: readonly Token[], at: number, vocab: Vocabulary): CatalogColumn | undefined {
  const noun = tokens[at - 1];
  if (noun?.kind === 'word') {
    for (const key of [noun.key, ...rootVariants(noun.key)]) {
      const col = vocab.exact.get(key)?.find((e) => e.target.kind === 'column')?.target;
      const c = col?.kind === 'column' ? vocab.dataset.columns.find((x) => x.name === col.column) : undefined;
      if (c) return c.type === 'text' ? c : undefined;
    }
  }
  const label = rowLabelColumn(vocab.dataset);
  return label?.type === 'text' ? label : undefined;
}

/** Words that begin an order or a phrase, never the letters a name starts with. */
const NOT_A_TEXT = /^(the|an|my|your|our|their|its|this|that|these|those|highest|lowest|largest|smallest|biggest|most|least|best|worst|top|bottom|first|last|earliest|latest|oldest|newest)$/;

const QUOTE = /^['"‘’“”]$/;

/** One text: a word or letter, or the words between quotes ('New York'). */
function oneText(tokens: readonly Token[], i: number, used: ReadonlySet<number>): { text: string; next: number } | undefined {
  const free = (j: number) => !!tokens[j] && !used.has(j);
  if (free(i) && QUOTE.test(tokens[i]!.norm)) {
    let j = i + 1;
    while (free(j) && !QUOTE.test(tokens[j]!.norm)) j++;
    if (!free(j) || j === i + 1) return undefined;
    return { text: tokens.slice(i + 1, j).map((t) => t.norm).join(' '), next: j + 1 };
  }
  const t = tokens[i];
  if (!t || used.has(i) || (t.kind !== 'word' && t.kind !== 'number')) return undefined;
  // "starting with the highest": an order, not letters; "starts with A" is letters.
  if (NOT_A_TEXT.test(t.key) || degreeOf(t.key) === 'superlative') return undefined;
  return { text: t.norm, next: i + 1 };
}

/** The texts after the pattern word, several joined by "or"; never a word a time phrase or comparison took. */
function textsAt(tokens: readonly Token[], i: number, used: ReadonlySet<number>): { texts: string[]; next: number } | undefined {
  const texts: string[] = [];
  let j = i;
  for (;;) {
    const one = oneText(tokens, j, used);
    if (!one) break;
    texts.push(one.text);
    j = one.next;
    if (tokens[j]?.key !== 'or' || !oneText(tokens, j + 1, used)) break;
    j++;
  }
  return texts.length ? { texts, next: j } : undefined;
}

/** Reads the text patterns and marks their words used. */
export function readTextPatterns(tokens: readonly Token[], used: Set<number>, vocab: Vocabulary): TextPattern[] {
  const k = (i: number) => tokens[i]?.key ?? '';
  const out: TextPattern[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (used.has(i)) continue;
    let op: TextPattern['op'] | undefined;
    let first = i;
    let textAt = -1;
    // "(name) starts with X", "beginning with X", "ends in X"
    if ((STARTS.test(k(i)) || ENDS.test(k(i))) && (k(i + 1) === 'with' || (ENDS.test(k(i)) && k(i + 1) === 'in'))) {
      op = STARTS.test(k(i)) ? 'starts_with' : 'ends_with';
      textAt = i + 2;
    } else if (CONTAINS.test(k(i)) && NAME_WORD.test(k(i - 1))) {
      // "names containing X", "name contains X"
      op = 'contains';
      textAt = i + 1;
    } else if (k(i) === 'with' && tokens[i + 1] && k(i + 2) === 'in' && POSSESSIVE.test(k(i + 3)) && NAME_WORD.test(k(i + 4))) {
      // "with South in the name"
      const texts = textsAt(tokens, i + 1, used);
      const col = texts && texts.next === i + 2 ? patternColumn(tokens, i, vocab) : undefined;
      if (col && texts) {
        out.push({ column: col, op: 'contains', texts: texts.texts, start: i, end: i + 5 });
        for (let j = i; j < i + 5; j++) used.add(j);
        i += 4;
      }
      continue;
    }
    if (!op) continue;
    // The name word and its lead-in belong to the pattern: "whose name starts with", "with names ending in".
    while (first > 0 && (NAME_WORD.test(k(first - 1)) || /^(whose|with|that|which|where)$/.test(k(first - 1)) || (POSSESSIVE.test(k(first - 1)) && NAME_WORD.test(k(first))))) first--;
    const texts = textsAt(tokens, textAt, used);
    // ", starting with …" after a pause is about the answer's order, not a name.
    const afterPause = first > 0 && tokens[first - 1]!.kind === 'punct';
    const col = texts && !afterPause ? patternColumn(tokens, first, vocab) : undefined;
    if (!texts || !col) continue;
    out.push({ column: col, op, texts: texts.texts, start: first, end: texts.next });
    for (let j = first; j < texts.next; j++) used.add(j);
    i = texts.next - 1;
  }
  return out;
}
