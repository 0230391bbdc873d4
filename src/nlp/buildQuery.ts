// From an analysis and an intent to an InsightQuery: measures with their aggregations, filters from
// values and comparisons (conditionFilters.ts), the time axis, a date column or an integer year column
// (timeFilters.ts), and the shape each intent asks for (intentShape.ts). Returns a clarification when
// the question cannot be built as asked.
import { applyQuarterColumn } from './quarterColumn.js';
import { quarterNumberColumn } from './dateParts.js';
import { primaryTimeColumn, type CatalogColumn } from '../shared/catalog.js';
import type { Filter, InsightQuery } from '../insights/insightQuery.js';
import { PART_OUTPUT_NAME } from '../insights/datePart.js';
import type { Analysis } from './analyze.js';
import { booleanFlags } from './booleanFlags.js';
import { acrossAsScope } from './scopeWords.js';
import { conditionFilters, valuesByColumn } from './conditionFilters.js';
import { applyMonthColumn, monthNumberColumn } from './dateParts.js';
import { applyYearBucket } from './decades.js';
import { applyDifference, differenceOf, type DifferenceReading } from './difference.js';
import { applyGroupFilter, readGroupFilter, type GroupFilter } from './groupFilter.js';
import { GRAIN_ADJECTIVE, oneYearParts, perRowUnit, typicalOfGroups } from './groupReadings.js';
import { shapeQuery, type Shaping } from './intentShape.js';
import { isModelIntent, type Intent } from './intents/index.js';
import { applyWhichLabels } from './labelRows.js';
import { addMissingFilter, addTotalsFilter, countsAreSums } from './measureRules.js';
import { countsRecords } from './rowNoun.js';
import { clarify } from './options.js';
import { defaultHorizon } from './periods.js';
import type { ClarifyPlan } from './plan.js';
import { resolveMeasures } from './resolveMeasures.js';
import { yearColumn } from './timeAxis.js';
import { applyPeriods, readTimeFilters } from './timeFilters.js';

export { LIST_LIMIT } from './intentShape.js';

export interface Built {
  intent: Intent;
  query: InsightQuery;
  notes: string[];
  horizon?: number;
}

export function buildQuery(aIn: Analysis, intentIn: Intent): Built | { clarify: ClarifyPlan } {
  const ds = aIn.vocab.dataset;
  const notes: string[] = [];
  const tc = primaryTimeColumn(ds);
  const read = readIntent(aIn, intentIn, tc, notes);
  let { a, intent } = read;
  const { parts, flags, grouping, named, seriesAtGrain } = read;

  // "how much more … than …", "by what percentage did … grow from … to …": one difference figure.
  // Over a model's guess too ("what was the percent change from … to …" is no change-point search); not a forecast.
  const difference = intent === 'forecast' ? undefined : differenceOf(a, tc, yearColumn(ds));
  if (difference && !['aggregate', 'count', 'compare', 'breakdown'].includes(intent)) intent = 'aggregate';
  // "states with more than 1,000 zip codes": the comparison is on each group's figure, not on each row.
  const groupFilter = difference || isModelIntent(intent) ? undefined : readGroupFilter(a, tc, yearColumn(ds));
  if (groupFilter) {
    a = { ...a, conditions: a.conditions.filter((c) => c !== groupFilter.condition) };
    // The aggregate word ("averaged") is read by this plan: the coverage check must see it used.
    if (groupFilter.aggWord !== undefined) a.used.add(groupFilter.aggWord);
    intent = 'count';
  }
  const rankIntent = intent === 'top_n' || intent === 'bottom_n';
  const measuresOut = resolveMeasures(a, intent, notes);

  const q: InsightQuery = { dataset: ds.name, measures: [], dimensions: [], orderBy: [] };
  const filters: Filter[] = [...(parts?.filters ?? []), ...flags.filters];
  const byColumn = valuesByColumn(measuresOut.values);
  const codes = conditionFilters(a, ds, filters, notes);
  if ('clarify' in codes) return codes;
  const yc = tc ? undefined : yearColumn(ds);
  const t = readTimeFilters(a, ds, tc, yc, filters);
  if ('clarify' in t) return t;

  const s: Shaping = {
    a, ds, tc, yc, q, time: t.time, intent,
    measures: measuresOut.measures, values: measuresOut.values, byColumn, filters, named, grouping,
    sideBySide: codes.sideBySide, periods: t.periods, bucket: t.bucket, range: t.range, seriesAtGrain, notes,
  };
  const asked = shapeQuery(s);
  if (asked) return asked;
  applyWhichLabels(s);
  applyPeriods(s);
  return finishQuery(s, groupFilter, difference, rankIntent);
}

/** The analysis as the query reads it (month columns, yes/no flags, a rate per row), and the intent it takes. */
function readIntent(aIn: Analysis, intentIn: Intent, tc: CatalogColumn | undefined, notes: string[]) {
  const ds = aIn.vocab.dataset;
  let intent = intentIn;
  const mc = tc ? undefined : monthNumberColumn(ds);
  const qc = tc ? undefined : quarterNumberColumn(ds);
  const monthParts = mc ? applyMonthColumn(aIn, mc) : undefined;
  const quarterParts = monthParts || !qc ? undefined : applyQuarterColumn(aIn, qc);
  const parts = monthParts ?? quarterParts;
  // "average approval by quarter": the quarters compared, not a series of years and quarters.
  // "first-quarter use over the years" stays a series of the years.
  const yc = yearColumn(aIn.vocab.dataset);
  if (quarterParts && intent === 'trend' && quarterParts.analysis.dimensions.some((d) => d.grouping && d.column.name !== yc?.name)) intent = 'breakdown';
  if (quarterParts && aIn.time.overTime && intent !== 'trend' && quarterParts.analysis.dimensions.some((d) => d.grouping && d.column.name === yc?.name)) intent = 'trend';
  const flags = booleanFlags(acrossAsScope(parts?.analysis ?? aIn));
  let a = flags.analysis;
  if (perRowUnit(a)) {
    // "average visitors per month" over monthly rows: a rate per row, one figure, not a series.
    a = { ...a, time: { ...a.time, grain: undefined } };
    if (intent === 'trend') intent = 'aggregate';
    const adjective = aIn.tokens.find((t) => Object.hasOwn(GRAIN_ADJECTIVE, t.key));
    const said = aIn.tokens.some((t) => t.key === 'per') || !adjective ? `per ${aIn.time.grain}` : adjective.norm;
    notes.push(`read '${said}' as the unit of the figure: each row is one ${aIn.time.grain}`);
  }
  if (parts) notes.push(...parts.notes);
  notes.push(...flags.notes);
  if (parts && intent === 'trend' && !a.dimensions.some((d) => d.grouping)) intent = 'aggregate';
  const grouping = a.dimensions.filter((d) => d.grouping);
  const named = a.dimensions.filter((d) => !d.grouping);

  // Count questions that group ("number of days by weather") are breakdowns of a count.
  if (intent === 'count' && grouping.length) intent = 'breakdown';
  if (intent === 'count' && (a.time.grain || a.time.overTime)) intent = 'trend';
  if (intent === 'aggregate' && grouping.length) intent = 'breakdown';
  if (intent === 'aggregate' && (a.time.grain || a.time.overTime)) intent = 'trend';
  const seriesAtGrain = intent === 'aggregate' && !!a.seriesNoun && !a.aggCues.length && !a.countCue && !!(primaryTimeColumn(ds) || yearColumn(ds));
  if (seriesAtGrain) intent = 'trend';
  return { a, intent, parts, flags, grouping, named, seriesAtGrain };
}

/** Filters, calendar parts, group filters, buckets and a difference, applied to the shaped query. */
function finishQuery(s: Shaping, groupFilter: GroupFilter | undefined, difference: DifferenceReading | undefined, rankIntent: boolean): Built | { clarify: ClarifyPlan } {
  const { a, ds, q, time, tc, yc, byColumn, filters, notes, bucket } = s;
  let intent = s.intent;
  addTotalsFilter(a, q, byColumn, filters, notes);
  addMissingFilter(a, q, byColumn, filters, notes);
  if (intent !== 'correlation' && intent !== 'distribution' && intent !== 'list' && !countsRecords(a.tokens)) countsAreSums(ds, q, notes);
  for (const [column, e] of byColumn) {
    if (e.vals.length === 1) filters.push({ column, op: e.negated ? 'neq' : 'eq', value: e.vals[0]! });
    else filters.push({ column, op: e.negated ? 'not_in' : 'in', values: e.vals });
  }
  if (filters.length === 1) q.filter = filters[0]!;
  else if (filters.length > 1) q.filter = { and: filters };
  applyCalendar(a, intent, q, time, !!tc);
  if (tc && !isModelIntent(intent)) oneYearParts(q, time, tc);
  typicalOfGroups(a, q, time, notes);
  if (groupFilter) {
    notes.push(applyGroupFilter(q, time, groupFilter));
    // A count per group is a count answer (one figure per group); an aggregate per group a breakdown.
    intent = groupFilter.countGroups || groupFilter.measure.agg === 'count' ? 'count' : 'breakdown';
  }
  if (bucket && !isModelIntent(intent) && !applyYearBucket(q, time, bucket, tc, yc)) {
    return { clarify: clarify(`I can't group this answer by ${bucket}. Ask for it ${bucket} by ${bucket}?`, [], [], 0.3, ds.name) };
  }
  if (time.grain || time.range || time.parts?.length || time.by) q.time = time;
  if (q.compare && !q.time?.range) delete q.compare;
  if (rankIntent && !q.measures.length) q.measures = [{ agg: 'count' }];
  if (difference && applyDifference(a, q, difference)) {
    notes.push(difference.note);
    intent = 'compare';
  } else if (a.difference) {
    // Difference words with no contrast built are not understood: the coverage check must name them.
    for (const i of a.difference.words) a.used.delete(i);
  }
  const built: Built = { intent, query: q, notes };
  if (intent === 'forecast') built.horizon = a.time.horizon?.count ?? defaultHorizon(time.grain ?? 'month');
  return built;
}

/**
 * Parts of the calendar across years: "on weekends" keeps those days of every week; "by day of the
 * week" groups by the part (one row per weekday, in order) in place of any grain.
 */
function applyCalendar(a: Analysis, intent: Intent, q: InsightQuery, time: NonNullable<InsightQuery['time']>, hasDates: boolean): void {
  if (!a.calendar || !hasDates || isModelIntent(intent)) return;
  if (a.calendar.parts.length) time.parts = a.calendar.parts;
  const by = a.calendar.by;
  if (!by) return;
  delete time.grain;
  time.by = by;
  q.compare = null;
  // A comparison's default period (the latest one) does not apply to parts taken across years.
  if (!a.time.range) delete time.range;
  if (intent !== 'top_n' && intent !== 'bottom_n') q.orderBy = [{ field: PART_OUTPUT_NAME[by], direction: 'asc' }];
}
