// "How many crossings were there in 2005" over a table whose one measure is called "y": the noun
// that names the figure can only be that measure, when its name says nothing of what it measures (a
// letter, "value", "count"). A named measure ("deaths", "flow") is never stood in for: a noun that
// is not its name may ask for something the table does not hold. Pure.
import { isNumericType, type CatalogColumn, type CatalogDataset } from '../shared/catalog.js';
import type { ColumnMention } from './analysisTypes.js';
import { rowsArePeriods } from './countPlan.js';
import { isDatasetNameWord } from './datasetName.js';
import { isGroupingNumber } from './groupingNumber.js';
import { rowLabelColumn } from './options.js';
import type { Token } from './tokenize.js';
import type { Vocabulary } from './vocabulary.js';

/** Column names that say a figure is there but not what it counts. */
const GENERIC = /^(value|values|val|count|counts|freq|frequency|amount|total|number|num|obs|observations?|data|measure|measurement|qty|quantity|result|results)$/;

/** A name that says nothing of what is measured: one letter (with digits: "V1"), or a generic word. Two letters are often a code ("hp", "wt"). */
export function saysNothing(c: CatalogColumn): boolean {
  return [c.name, c.label].every((n) => {
    const k = n.toLowerCase().replace(/[^a-z0-9]/g, '');
    return /^[a-z]\d*$/.test(k) || GENERIC.test(k);
  });
}

/**
 * The one unknown noun of a question that asks for no named measure, read as the table's only
 * measure when that measure's name says nothing. Only where rows are not named things (a word could
 * name those rows instead) and only one word is unknown.
 */
export function readSoleMeasureNoun(unknown: readonly Token[], used: ReadonlySet<number>, vocab: Vocabulary, measures: readonly ColumnMention[]): ColumnMention | undefined {
  const ds = vocab.dataset;
  if (measures.length || rowLabelColumn(ds)) return undefined;
  const column = onlyMeasureColumn(ds);
  if (!column || !saysNothing(column)) return undefined;
  const left = unknown.filter((t) => !used.has(t.index) && t.kind === 'word');
  const t = left.length === 1 ? left[0]! : undefined;
  if (!t || !vocab.english?.(t.key, 'n')) return undefined;
  // A word of the dataset's own name ("riders" of a dataset named ferryriders), where each row is one period,
  // is what the table counts; in a table of events it may be the events themselves. Any other noun
  // is a guess by elimination ("how many cats" would get the same answer), so it is told as a guess
  // and the answer waits for the user's word.
  const named = isDatasetNameWord(ds, t.key) && rowsArePeriods(ds);
  // Other words for people ("staff members", "patients") may name the rows, or what a count column
  // counts of them; the row-noun reading (rowNoun.ts) decides that.
  if (!named && vocab.person?.(t.key)) return undefined;
  const via = named ? `the only measure, ${column.label}` : `a guess: the only measure, ${column.label}`;
  return {
    column,
    link: { start: t.index, end: t.index + 1, text: t.norm, candidates: [{ target: { kind: 'column', column: column.name }, score: 0.8, source: 'partial', key: t.key, via }], match: 'exact' },
    grouping: false,
    score: 0.8,
    soleMeasure: named ? 'named' : 'guess',
  };
}

/** The table's one numeric measure (whole-number codes that group rows aside), if it has exactly one. */
export function onlyMeasureColumn(ds: CatalogDataset): CatalogColumn | undefined {
  const only = ds.columns.filter((c) => c.role === 'measure' && isNumericType(c.type) && !isGroupingNumber(c, ds.rowCount));
  return only.length === 1 ? only[0] : undefined;
}
