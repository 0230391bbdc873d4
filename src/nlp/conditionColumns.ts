// The column a numeric comparison is on when no column word stands beside it.
import { isNumericType, type CatalogColumn, type CatalogDataset } from '../shared/catalog.js';
import type { ColumnMention, NumericCondition } from './analysisTypes.js';
import { fitsRange, wordColumn } from './numberSlots.js';
import type { Token } from './tokenize.js';
import type { Vocabulary } from './vocabulary.js';

/** A column named by the comparison's own words, read before linking (marked as guessed). */
export function guessConditionColumns(tokens: readonly Token[], conditions: NumericCondition[], vocab: Vocabulary): void {
  for (const c of conditions) {
    if (c.column) continue;
    c.column = wordColumn(tokens, c, vocab);
    if (c.column) c.guessed = true;
  }
}

/**
 * Comparisons without an adjacent column apply to the only measure named when the value fits its
 * range; else to the one numeric column whose range fits ("between 20 and 29" → age, not people).
 */
export function fitConditionColumns(conditions: NumericCondition[], measures: readonly ColumnMention[], ds: CatalogDataset, tokens: readonly Token[] = []): void {
  for (const c of conditions) {
    // "how many days had more than 40 crossings": a noun read as the only measure right after the
    // number is what the number counts (it was not known when the comparison took "days").
    const after = measures.find((m) => m.soleMeasure && m.link.start === c.end);
    if (after) {
      c.column = after.column;
      continue;
    }
    if (c.column) continue;
    // "below 14%" fits a column of fractions (0.09–0.17) as 0.14.
    const percent = tokens.slice(c.start, c.end).some((t) => t.percent || t.key === '%' || t.key === 'percent');
    const scaled = (col: CatalogColumn, v: number) => fitsRange(col, v) || (percent && typeof col.stats?.max === 'number' && col.stats.max <= 1 && fitsRange(col, v / 100));
    const fits = (col: CatalogColumn) => scaled(col, c.value) && (c.upper === undefined || scaled(col, c.upper));
    // "participants under 40": the age of the people just named, before the figure asked for.
    const age = peopleAged(tokens, c, ds);
    if (age && fits(age)) c.column = age;
    else if (measures.length === 1 && fits(measures[0]!.column)) c.column = measures[0]!.column;
    else {
      const numeric = ds.columns.filter((col) => isNumericType(col.type) && col.role !== 'identifier' && col.stats?.min != null && fits(col));
      if (numeric.length === 1) c.column = numeric[0];
      else if (measures.length === 1) c.column = measures[0]!.column;
    }
  }
}

/** Words for people a bare number right after is the age of ("patients over 65", "customers under 30"). */
const PEOPLE_NOUN = /^(people|persons|individuals|respondents|participants|subjects|patients|women|men|mothers|fathers|students|adults|customers|clients|users|employees|members|passengers|residents|applicants|children|kids|voters|workers)$/;

/**
 * The age column, when the comparison follows a word for people with nothing but a verb between
 * ("how many patients were over 65") and the table has one column called age.
 */
function peopleAged(tokens: readonly Token[], c: NumericCondition, ds: CatalogDataset): CatalogColumn | undefined {
  let i = c.start - 1;
  while (i >= 0 && /^(were|was|are|is|aged|who|that)$/.test(tokens[i]!.key)) i--;
  if (i < 0 || !PEOPLE_NOUN.test(tokens[i]!.key)) return undefined;
  const ages = ds.columns.filter((col) => isNumericType(col.type) && /^age$/i.test(col.name));
  return ages.length === 1 ? ages[0] : undefined;
}
