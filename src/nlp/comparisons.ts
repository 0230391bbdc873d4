// Numeric comparisons read before any word is linked ("over 100", "between 20 and 29", "65 or
// older", "300 grams or more"), so their numbers are never taken for years or ranks; and the
// phrases around numbers that are units or orderings ("per 100,000", "per capita", "largest first").
import type { FilterOp } from '../insights/insightQuery.js';
import type { NumericCondition } from './analyze.js';
import { AGG_WORDS, BOTTOM_WORDS, COMPARATORS, TOP_WORDS } from './lexicon.js';
import { isNum, unitEnd, wordColumn } from './numberSlots.js';
import type { Token } from './tokenize.js';
import type { Vocabulary } from './vocabulary.js';
import type { CatalogColumn } from '../shared/catalog.js';
import { degreeOf, lemmasOf } from './wordnet/lemmas.js';

/** Comparison words after a number: "65 or older", "80 and above". */
const AFTER_NUMBER: { words: string[]; op: FilterOp }[] = [
  ...['older', 'more', 'above', 'over', 'greater', 'higher', 'later', 'up'].flatMap((w) => [{ words: ['or', w], op: 'gte' as const }, { words: ['and', w], op: 'gte' as const }]),
  ...['younger', 'less', 'below', 'under', 'fewer', 'lower', 'earlier'].flatMap((w) => [{ words: ['or', w], op: 'lte' as const }, { words: ['and', w], op: 'lte' as const }]),
  { words: ['plus'], op: 'gte' },
];

/** The people a rate is counted per ("per 100,000 people"). */
const PER_UNIT = /^(people|persons|residents|inhabitants|population|individuals)$/;

/** Words after "per" that make a figure per head rather than a grouping. */
const PER_HEAD = /^(capita|person|head|inhabitant|resident|individual)$/;

/** Marks the tokens it reads in `used`; `orderAll` is true for "largest first" (every row, in order). */
export function readComparisons(tokens: readonly Token[], used: Set<number>, vocab: Vocabulary, timeConsumed: ReadonlySet<number>): { conditions: NumericCondition[]; orderAll: boolean } {
  const k = (i: number) => tokens[i]?.key ?? '';
  const conditions: NumericCondition[] = [];
  // "per 100,000 people" names the unit of a rate, not a filter.
  for (let i = 1; i < tokens.length; i++) {
    if (k(i - 1) !== 'per' || !isNum(tokens[i]) || used.has(i)) continue;
    used.add(i);
    if (PER_UNIT.test(k(i + 1))) used.add(i + 1);
  }
  // "per capita", "per person": the measure is already per head; nothing to group by.
  // Only where some column is itself per head (its name says so): else "per capita" is a request this data cannot meet, and asks.
  const perHeadColumn = vocab.dataset.columns.some((c) => /capita|per.?person|per.?head|\bpc\b/i.test(`${c.name} ${c.label}`));
  for (let i = 1; i < tokens.length; i++) if (perHeadColumn && k(i - 1) === 'per' && PER_HEAD.test(k(i))) used.add(i - 1).add(i);
  // "highest first", "largest first": the order of the rows, not a number.
  let orderAll = false;
  for (let i = 1; i < tokens.length; i++) {
    if (k(i) === 'first' && (TOP_WORDS.has(k(i - 1)) || BOTTOM_WORDS.has(k(i - 1)) || AGG_WORDS[k(i - 1)] === 'max' || AGG_WORDS[k(i - 1)] === 'min')) {
      used.add(i);
      orderAll = true;
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    if (used.has(i)) continue;
    if (k(i) === 'between' && isNum(tokens[i + 1]) && k(i + 2) === 'and' && isNum(tokens[i + 3])) {
      const end = unitEnd(tokens, i + 4, vocab);
      conditions.push({ op: 'between', value: tokens[i + 1]!.value!, upper: tokens[i + 3]!.value!, start: i, end });
      for (let j = i; j < end; j++) used.add(j);
      i = end - 1;
      continue;
    }
    // "65 or older", "300 grams or more": a unit may stand between the number and its comparison.
    const u = isNum(tokens[i]) ? unitEnd(tokens, i + 1, vocab) : i + 1;
    const after = AFTER_NUMBER.find((p) => isNum(tokens[i]) && p.words.every((w, j) => k(u + j) === w));
    if (after && !used.has(i)) {
      const end = u + after.words.length;
      conditions.push({ op: after.op, value: tokens[i]!.value!, start: i, end });
      for (let j = i; j < end; j++) used.add(j);
      i = end - 1;
      continue;
    }
    if (isNum(tokens[i]) && (k(i + 1) === 'to' || k(i + 1) === '-') && isNum(tokens[i + 2]) && tokens[i + 2]!.value! > tokens[i]!.value! && !timeConsumed.has(i)) {
      const end = unitEnd(tokens, i + 3, vocab);
      conditions.push({ op: 'between', value: tokens[i]!.value!, upper: tokens[i + 2]!.value!, start: i, end });
      for (let j = i; j < end; j++) used.add(j);
      i = end - 1;
      continue;
    }
    const scaled = scaleComparison(tokens, i, vocab);
    if (scaled && !used.has(scaled.at)) {
      const end = unitEnd(tokens, scaled.at + 1, vocab);
      // Guessed: a column named right beside it ("brain lighter than 10") still decides.
      conditions.push({ op: scaled.op, value: tokens[scaled.at]!.value!, start: i, end, column: scaled.column, guessed: true });
      for (let j = i; j < end; j++) used.add(j);
      i = end - 1;
      continue;
    }
    // "at 15 years", "at 3 years old": an age said as a point, not a comparison, where the unit
    // names a column ("height at 15 years" is the age, over a column named beside it); else the
    // number is left for the coverage check to ask about.
    const point: NumericCondition | undefined = k(i) === 'at' && isNum(tokens[i + 1]) && !used.has(i + 1) && !timeConsumed.has(i + 1) && /^(years?|yrs|months?)$/.test(k(i + 2)) ? { op: 'eq', value: tokens[i + 1]!.value!, start: i, end: unitEnd(tokens, i + 2, vocab) + (k(unitEnd(tokens, i + 2, vocab)) === 'old' ? 1 : 0) } : undefined;
    const pointColumn = point && wordColumn(tokens, point, vocab);
    if (point && pointColumn) {
      const end = point.end;
      conditions.push({ ...point, column: pointColumn });
      for (let j = i; j < end; j++) used.add(j);
      i = end - 1;
      continue;
    }
    for (const c of COMPARATORS) {
      if (c.words.every((w, j) => k(i + j) === w)) {
        const at = i + c.words.length;
        if (isNum(tokens[at]) && !used.has(at)) {
          const end = unitEnd(tokens, at + 1, vocab);
          conditions.push({ op: c.op, value: tokens[at]!.value!, start: i, end });
          for (let j = i; j < end; j++) used.add(j);
          i = end - 1;
        }
        break;
      }
    }
  }
  return { conditions, orderAll };
}

/**
 * "thicker than 15", "more expensive than 100", "less windy than 10": a comparative of an adjective the
 * vocabulary knows as one end of a column's scale compares that column, upward for the high end.
 */
function scaleComparison(tokens: readonly Token[], i: number, vocab: Vocabulary): { op: FilterOp; column: CatalogColumn; at: number } | undefined {
  const k = (j: number) => tokens[j]?.key ?? '';
  const two = (k(i) === 'more' || k(i) === 'less') && k(i + 2) === 'than';
  const word = two ? k(i + 1) : k(i);
  const at = two ? i + 3 : i + 2;
  if (!two && (k(i + 1) !== 'than' || degreeOf(word) !== 'comparative')) return undefined;
  if (!isNum(tokens[at])) return undefined;
  const plain = two ? [word] : [...lemmasOf(word, 'adjective'), ...plainOfComparative(word)];
  for (const p of plain) {
    const hits = (vocab.exact.get(p) ?? []).filter((e) => e.end && e.target.kind === 'column');
    // "longer than 210" with a bill length and a flipper length: the column word beside it decides, not this.
    const names = new Set(hits.map((e) => (e.target as { column: string }).column));
    if (names.size !== 1) continue;
    const column = vocab.dataset.columns.find((c) => names.has(c.name));
    if (!column) continue;
    const up = (hits[0]!.end === 'high') !== (k(i) === 'less');
    return { op: up ? 'gt' : 'lt', column, at };
  }
  return undefined;
}

/** "thicker" → thick, "hotter" → hot, "heavier" → heavy: without WordNet's lemmas. */
function plainOfComparative(w: string): string[] {
  if (!w.endsWith('er') || w.length < 5) return [];
  const base = w.slice(0, -2);
  return [base, `${base}e`, ...(base.endsWith('i') ? [`${base.slice(0, -1)}y`] : []), ...(/(.)\1$/.test(base) ? [base.slice(0, -1)] : [])];
}
