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
export function fitConditionColumns(conditions: NumericCondition[], measures: readonly ColumnMention[], ds: CatalogDataset): void {
  for (const c of conditions) {
    if (c.column) continue;
    const fits = (col: CatalogColumn) => fitsRange(col, c.value) && (c.upper === undefined || fitsRange(col, c.upper));
    if (measures.length === 1 && fits(measures[0]!.column)) c.column = measures[0]!.column;
    else {
      const numeric = ds.columns.filter((col) => isNumericType(col.type) && col.role !== 'identifier' && col.stats?.min != null && fits(col));
      if (numeric.length === 1) c.column = numeric[0];
      else if (measures.length === 1) c.column = measures[0]!.column;
    }
  }
}
