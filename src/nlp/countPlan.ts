// "How many …": a count of rows, of a column's distinct values, or an amount a measure holds.
import { isNumericType, type CatalogColumn, type CatalogDataset } from '../shared/catalog.js';
import type { Filter, InsightQuery, Measure } from '../insights/insightQuery.js';
import type { Analysis, ColumnMention } from './analyze.js';
import { isYesNo, NEGATION } from './booleanFlags.js';
import { onePerValue, onePerYearAndPart, yearColumn } from './timeAxis.js';
import { UNIT_NOUN } from './topRows.js';
import { rowsCounted } from './rowNoun.js';
import { countColumn } from './dateParts.js';
import { namesRows } from './options.js';

export interface CountInput {
  a: Analysis;
  measures: Measure[];
  /** Dimensions named without a grouping word. */
  named: ColumnMention[];
  values: Analysis['values'];
  byColumn: ReadonlyMap<string, { vals: string[]; negated: boolean }>;
  /** Filled in place: a yes/no column counted becomes a filter. */
  filters: Filter[];
  notes: string[];
  tc: CatalogColumn | undefined;
  ds: CatalogDataset;
}

export interface CountPlan {
  measures: Measure[];
  intent: 'count' | 'aggregate' | 'breakdown';
  dimensions?: string[];
  orderBy?: InsightQuery['orderBy'];
}

/**
 * Integer codes of things (piglet 1…50, plot 1…40): many values, nearly all of a contiguous range,
 * each on several rows. Asked in the plural ("how many plots") they are counted, not summed.
 */
export function codesOfThings(col: CatalogColumn, rowCount: number): boolean {
  const s = col.stats;
  // From 1 up, and too many values for a small count (bedrooms 1–10, ratings 1–10 are amounts and scores).
  if (!s || s.min === null || s.max === null || (s.integralShare ?? 0) < 0.99 || s.min < 1) return false;
  return s.distinctCount >= 20 && s.distinctCount >= 0.9 * (s.max - s.min + 1) && rowCount / s.distinctCount >= 2;
}

/** A word said in the plural of a singular name ("plots" for Plot): the things, not an amount. */
export const pluralOf = (said: string, label: string) => said.endsWith('s') && !label.toLowerCase().endsWith('s');

export function planCount({ a, measures, named, values, byColumn, filters, notes, tc, ds }: CountInput): CountPlan {
  const only = a.measures.length === 1 ? a.measures[0]! : undefined;
  if (only && !only.soleMeasure && !a.aggCues.length && codesOfThings(only.column, ds.rowCount) && pluralOf(only.link.text, only.column.label)) {
    const note = `counted the distinct ${only.column.label}, as '${only.link.text}' names things`;
    if (!notes.includes(note)) replaceNote(notes, /^(summed|averaged) /, note);
    return { measures: [{ column: only.column.name, agg: 'count_distinct' }], intent: 'count' };
  }
  // "how many storms were there in 1990" in a table of one row per year of storm counts: the
  // dataset's own noun is what its one measure counts, not its rows.
  const sole = onlyMeasure(ds);
  const countable = sole && sole.stats?.nonNegative && !RATE_NAME.test(sole.label) && !a.vocab.averaged.has(sole.name);
  if (a.datasetNamed && !a.measures.length && !a.values.length && !a.conditions.length && sole && countable && rowsArePeriods(ds)) {
    notes.push(`summed ${sole.label}, the one figure each ${ds.name} row holds`);
    return { measures: [{ column: sole.name, agg: 'sum' }], intent: 'aggregate' };
  }
  // "how many people", "how many deaths": a count-like measure named after "how many" is summed.
  // "how many people were insured in 1955": a measure averaged by default is still an amount here.
  const first = measures[0];
  // Only as the predicate ("were employed"), not as a noun's modifier ("delayed flights") or an object ("had inflation above 8%").
  // "how many homeless were there": right after "how many", with no noun after it for it to describe.
  const k = (i: number) => a.tokens[i]?.key ?? '';
  const afterMany = only && k(only.link.start - 1) === 'many' && (only.link.end >= a.tokens.length || /^(were|was|are|is|there|in|during|on|at|for)$/.test(k(only.link.end)));
  const predicate = only && (/^(were|was|are|is)$/.test(k(only.link.start - 1)) || afterMany) && !a.conditions.length;
  // Only where one row holds the year asked about: summing twelve monthly levels or six yearly rates is no amount.
  const oneRow = !!a.time.range && onePerValue(yearColumn(ds), ds) && yearsSpanned(a.time.range) === 1 && !RATE_NAME.test(only?.column.label ?? '');
  const averagedAmount = predicate && oneRow && !a.aggCues.length && !a.rowNoun && measures.length === 1 && first?.agg === 'avg' && first.column ? { column: first.column, agg: 'sum' as const } : undefined;
  // "how many years have a recorded wage": the rows where the column holds a value are counted, not all rows.
  if (only && hasAValue(a, only)) {
    filters.push({ column: only.column.name, op: 'not_null' });
    replaceNote(notes, /^(summed|averaged) .*as no aggregation was named/, `counted the rows where ${only.column.label} has a value`);
    return { measures: [{ agg: 'count' }], intent: 'count' };
  }
  // "how many respondents had an affair (affair time above 0)": the people are counted; the measure only says which.
  if (rowsCounted(a, a.measures, a.aggCues) === 'how-many') {
    const i = notes.findIndex((n) => /^(summed|averaged) .*as no aggregation was named/.test(n));
    if (i >= 0) notes.splice(i, 1);
    return { measures: [{ agg: 'count' }], intent: 'count' };
  }
  const amount = measures.find((m) => m.agg === 'sum') ?? averagedAmount;
  if (amount && only) {
    if (amount === averagedAmount) replaceNote(notes, /^averaged /, `summed ${only.column.label} (one row a year), as no aggregation was named and 'how many' asks for an amount`);
    return { measures: [amount], intent: 'aggregate' };
  }
  // "how many male and female patients": a count for each of the values joined by "and".
  const each = [...byColumn].find(([, e]) => e.vals.length >= 2 && !e.negated);
  if (each && a.tokens.some((t) => t.key === 'and')) return { measures: [{ agg: 'count' }], intent: 'breakdown', dimensions: [each[0]], orderBy: [{ field: each[0], direction: 'asc' }] };
  const distinctOf = named.find((d) => d.link.start > 0) ?? (a.distinctCue ? a.dimensions[0] : undefined);
  // "in how many months…" where a month-part column sits beside monthly dates: the dates are the months.
  const period = distinctOf && tc && UNIT_NOUN.test(distinctOf.link.text) && distinctOf.link.text.startsWith(tc.stats?.grain ?? '-') ? tc : undefined;
  if (period) return { measures: [{ column: period.name, agg: 'count_distinct' }], intent: 'count' };
  // "count the quarters" in a table of one row per year and quarter: the rows are the quarters.
  if (distinctOf && UNIT_NOUN.test(distinctOf.link.text) && onePerYearAndPart(distinctOf.column, ds)) {
    notes.push(`counted the rows, one per year and ${distinctOf.column.label}`);
    return { measures: [{ agg: 'count' }], intent: 'count' };
  }
  // "how many patients had diabetes": the distinct values of a yes/no column are just yes and no; the rows where it holds are asked for.
  if (distinctOf && isYesNo(distinctOf.column) && !a.tokens.some((t) => NEGATION.test(t.key))) {
    filters.push({ column: distinctOf.column.name, op: 'eq', value: distinctOf.column.type === 'boolean' ? true : 1 });
    notes.push(`read '${distinctOf.link.text}' as ${distinctOf.column.label} is true`);
    return { measures: [{ agg: 'count' }], intent: 'count' };
  }
  const counted = distinctOf && !values.some((v) => v.column === distinctOf.column.name);
  // "how many stars are listed" where a star names each row: the rows, a name listed twice twice,
  // unless different ones are asked for.
  const names = counted && !a.distinctCue && namesRows(distinctOf.column, ds) && !countColumn(ds);
  if (names) return { measures: [{ agg: 'count' }], intent: 'count' };
  return { measures: counted ? [{ column: distinctOf.column.name, agg: 'count_distinct' }] : [{ agg: 'count' }], intent: 'count' };
}

/**
 * "have a recorded wage", "with a known weight": a measure said as something a row has, with no
 * comparison or aggregation on it, in a column with empty cells. Where no cell is empty every row
 * has one, so the plain count stands.
 */
function hasAValue(a: Analysis, m: ColumnMention): boolean {
  if (a.aggCues.length || !(m.column.stats?.nullCount ?? 0) || a.conditions.some((c) => c.column?.name === m.column.name)) return false;
  let i = m.link.start - 1;
  if (/^(recorded|known|reported|measured)$/.test(a.tokens[i]?.key ?? '')) i--;
  if (/^(a|an|any)$/.test(a.tokens[i]?.key ?? '')) i--;
  return /^(have|has|had|with)$/.test(a.tokens[i]?.key ?? '');
}


function replaceNote(notes: string[], old: RegExp, note: string): void {
  const i = notes.findIndex((n) => old.test(n));
  if (i >= 0) notes.splice(i, 1, note);
  else notes.push(note);
}

/** Names of figures that are averages, rates or shares, never amounts to add up. */
const RATE_NAME = /\b(avg|average|mean|median|rate|ratio|pct|percent|percentage|share|index|anomaly|%)|%/i;

/** Whole years a range covers (0 when it is open or not whole years). */
function yearsSpanned(r: { from?: string; to?: string }): number {
  if (!r.from || !r.to || !/-01-01/.test(r.from) || !/-01-01/.test(r.to)) return 0;
  return Number(r.to.slice(0, 4)) - Number(r.from.slice(0, 4));
}

/** The one numeric measure of a table (its year column aside), if it has exactly one. */
function onlyMeasure(ds: CatalogDataset): CatalogColumn | undefined {
  const year = yearColumn(ds);
  const m = ds.columns.filter((c) => c.role === 'measure' && isNumericType(c.type) && c !== year);
  return m.length === 1 ? m[0] : undefined;
}

/** One row per period: a time column or a year column whose values never repeat. */
export function rowsArePeriods(ds: CatalogDataset): boolean {
  return onePerValue(ds.columns.find((c) => c.role === 'time') ?? yearColumn(ds), ds);
}
