// The shape each intent asks for: which measures, dimensions, order, limit and time grain the
// query takes once its filters and time axis are set (buildQuery.ts).
import { isNumericType, type CatalogColumn, type CatalogDataset } from '../shared/catalog.js';
import type { YearBucketSize } from '../insights/yearBucket.js';
import { measureName, MAX_LIMIT, type Filter, type InsightQuery, type Measure } from '../insights/insightQuery.js';
import type { Analysis, ColumnMention } from './analyze.js';
import { planCount } from './countPlan.js';
import { defaultGrain } from './defaults.js';
import { ELAPSED } from './elapsed.js';
import { isModelIntent, type Intent } from './intents/index.js';
import { clarify, dimensionColumns, measureColumns, optionLabels, rowLabelColumn, uniqueColumns } from './options.js';
import { EACH_RECORD } from './intents/rules.js';
import { latestPeriod, seasonalGrain } from './periods.js';
import type { ClarifyPlan } from './plan.js';
import { shapeRanking } from './rankShape.js';
import type { DateRange } from './timePhrases.js';
import { asksForTheRows, rowColumns } from './topRows.js';
import { askedAttributes } from './rowAttribute.js';
import { namesRowsOnly } from './rowNoun.js';
import { keepWinnerOfTwo } from './whichOfTwo.js';

/** Rows a "list" answer returns unless the question says how many. */
export const LIST_LIMIT = 100;

/** The values named, per column: one filter each, or one row each when compared. */
export type ValuesByColumn = Map<string, { vals: string[]; negated: boolean }>;

/** Two periods named ("2015 vs 2012"): one row per period. */
export type SideBySidePeriods = { column: string; grain: 'year' | 'month' | 'day' };

/** A query being built: what the analysis read, and the parts of the query set so far. */
export interface Shaping {
  a: Analysis;
  ds: CatalogDataset;
  tc: CatalogColumn | undefined;
  yc: CatalogColumn | undefined;
  q: InsightQuery;
  time: NonNullable<InsightQuery['time']>;
  intent: Intent;
  measures: Measure[];
  values: Analysis['values'];
  byColumn: ValuesByColumn;
  filters: Filter[];
  named: ColumnMention[];
  grouping: ColumnMention[];
  /** Columns with two or more codes compared ("district 1 and district 4"). */
  sideBySide: string[];
  periods: SideBySidePeriods | undefined;
  bucket: YearBucketSize | undefined;
  range: DateRange | undefined;
  seriesAtGrain: boolean;
  notes: string[];
}

/** A question back when the query cannot be built as asked. */
export type Clarified = { clarify: ClarifyPlan } | undefined;

/** Sets the query's shape for `s.intent`, which it may change (an aggregate of nothing named becomes a count). */
export function shapeQuery(s: Shaping): Clarified {
  // Every model reads one series: the model intents are listed once, in intents/index.ts.
  if (isModelIntent(s.intent)) return shapeModel(s);
  switch (s.intent) {
    case 'aggregate':
      return shapeAggregate(s);
    case 'count':
      return shapeCount(s);
    case 'breakdown':
      return shapeBreakdown(s);
    case 'top_n':
    case 'bottom_n':
      return shapeRanking(s);
    case 'trend':
      return shapeTrend(s);
    case 'compare':
      return shapeCompare(s);
    case 'share':
      return shapeShare(s);
    case 'distribution':
      return shapeDistribution(s);
    case 'list':
      return shapeList(s);
    case 'correlation':
      return shapeCorrelation(s);
  }
  return undefined;
}

export function needMeasure(ds: CatalogDataset, what: string): ClarifyPlan {
  return clarify(`Which measure do you want ${what}?`, optionLabels(measureColumns(ds)), [], 0.3, ds.name);
}

/** A figure: the measures named, or a count when only filters are. */
function shapeAggregate(s: Shaping): Clarified {
  const { a, ds, q, values } = s;
  if (!s.measures.length) {
    if (!a.countCue && (values.length || a.conditions.length) && asksForTheRows(a)) {
      s.intent = 'list';
      return shapeList(s);
    }
    // "what type of star is Polaris?": the named row's value in that column.
    const asked = askedAttributes(a, s.named);
    if (asked.length) {
      s.intent = 'list';
      q.dimensions = [...new Set([...values.map((v) => v.column), ...asked])];
      q.limit = LIST_LIMIT;
      return undefined;
    }
    if (a.countCue || values.length || a.conditions.length) {
      s.measures = [{ agg: 'count' }];
      s.intent = 'count';
    } else return { clarify: needMeasure(ds, 'a figure for') };
  }
  q.measures = s.measures;
  return undefined;
}

/** "how many …": rows, distinct values or an amount (countPlan.ts). */
function shapeCount(s: Shaping): Clarified {
  const { a, ds, q, tc, values, byColumn, filters, named, notes } = s;
  const c = planCount({ a, measures: s.measures, named, values, byColumn, filters, notes, tc, ds });
  q.measures = c.measures;
  s.intent = c.intent;
  if (c.dimensions) q.dimensions = c.dimensions;
  if (c.orderBy) q.orderBy = c.orderBy;
  // "men vs women: how many died": the two values set against each other, a count each.
  const versus = a.tokens.some((t) => /^(vs|versus)$/.test(t.key));
  const sides = versus && !q.dimensions.length ? [...byColumn].find(([, e]) => !e.negated && e.vals.length >= 2) : undefined;
  if (sides) {
    q.dimensions = [sides[0]];
    s.intent = 'compare';
  }
  return undefined;
}

/** A figure per group. */
function shapeBreakdown(s: Shaping): Clarified {
  const { a, ds, q, tc, values, named, grouping } = s;
  const dims = grouping.length ? grouping : named;
  if (!dims.length) return { clarify: clarify('Break it down by what?', optionLabels(dimensionColumns(ds)), [], 0.3, ds.name) };
  q.dimensions = [...new Set(dims.map((d) => d.column.name))];
  // "how many countries in each region": a count of the named column's distinct values, not of the rows' weight.
  const countedCol = !s.measures.length && a.countCue ? named.find((d) => !q.dimensions.includes(d.column.name) && !values.some((v) => v.column === d.column.name)) : undefined;
  q.measures = s.measures.length ? s.measures : countedCol ? [{ column: countedCol.column.name, agg: 'count_distinct' }] : [{ agg: 'count' }];
  // Split along elapsed time ("from day to day"): in the axis' own order, as a series.
  q.orderBy = !tc && ELAPSED.test(q.dimensions[0]!) ? [{ field: q.dimensions[0]!, direction: 'asc' }] : [{ field: measureName(q.measures[0]!), direction: 'desc' }];
  return undefined;
}

/** A series along the date column, or along the year column when there are no dates. */
function shapeTrend(s: Shaping): Clarified {
  const { a, ds, q, time, tc, yc, values, grouping, range, seriesAtGrain } = s;
  if (!tc && yc) {
    q.measures = s.measures.length ? s.measures : a.countCue || values.length || namesRowsOnly(a) ? [{ agg: 'count' }] : [];
    if (!q.measures.length) return { clarify: needMeasure(ds, 'the trend of') };
    q.dimensions = [yc.name, ...grouping.map((d) => d.column.name).filter((d) => d !== yc.name)];
    q.orderBy = [{ field: yc.name, direction: 'asc' }];
    return undefined;
  }
  if (!tc) return { clarify: clarify('This dataset has no date column, so I cannot show a trend. Break it down by something else?', optionLabels(dimensionColumns(ds)), [], 0.3, ds.name) };
  q.measures = s.measures.length ? s.measures : a.countCue || values.length || namesRowsOnly(a) ? [{ agg: 'count' }] : [];
  if (!q.measures.length) return { clarify: needMeasure(ds, 'the trend of') };
  time.grain = a.time.grain ?? (a.timeMentions.some((m) => m.grouping) || seriesAtGrain ? tc.stats?.grain ?? 'day' : defaultGrain(ds, range));
  q.dimensions = grouping.map((d) => d.column.name);
  return undefined;
}

/** Values, groups or periods side by side. */
function shapeCompare(s: Shaping): Clarified {
  const { a, q, time, tc, byColumn, grouping, sideBySide, periods, notes } = s;
  q.measures = s.measures.length ? s.measures : [{ agg: 'count' }];
  const multi = [...byColumn].find(([, e]) => e.vals.length >= 2 && !e.negated) ?? (sideBySide.length ? [sideBySide[0]!] : undefined);
  if (multi) q.dimensions = [multi[0]];
  else if (grouping.length) q.dimensions = grouping.map((d) => d.column.name);
  if (!multi && !a.time.compare && !grouping.length) {
    // "compare X and Y" with two measures and no time: a correlation would be another reading; keep both measures side by side.
    if (s.measures.length < 2 && !periods) notes.push('no second period or value named; compared with the previous period');
  }
  if (tc && (a.time.compare || (!multi && !grouping.length && s.measures.length < 2))) {
    if (!time.range) time.range = latestPeriod(a, a.time.compareUnit ?? 'year');
    q.compare = { to: a.time.compare ?? 'previous_period' };
  }
  if (q.dimensions.length && !keepWinnerOfTwo(a, q, notes)) q.orderBy = [{ field: measureName(q.measures[0]!), direction: 'desc' }];
  return undefined;
}

/** Each slice's share of the whole. */
function shapeShare(s: Shaping): Clarified {
  const { a, ds, q, byColumn, named, grouping } = s;
  // "what share of the West's revenue came from Widgets": the part is named last, the whole (a filter) first.
  const at = (c: string) => Math.min(...s.values.filter((v) => v.column === c).map((v) => v.link.start));
  const valueCols = [...byColumn].filter(([, e]) => !e.negated).map(([c]) => c).sort((x, y) => at(y) - at(x));
  const dims = grouping.length ? grouping.map((d) => d.column.name) : named.length ? named.map((d) => d.column.name) : valueCols.slice(0, 1);
  if (!dims.length) return { clarify: clarify('Shares of what? Name a column to split by.', optionLabels(dimensionColumns(ds)), [], 0.3, ds.name) };
  // The value asked about is one slice of the whole: every slice is kept so the share can be
  // computed, then only the slices asked about are shown ("what share came from renewables").
  const asked = dims.length === 1 ? byColumn.get(dims[0]!) : undefined;
  for (const d of dims) byColumn.delete(d);
  q.dimensions = dims;
  q.measures = s.measures.length ? [s.measures[0]!] : [{ agg: 'count' }];
  q.orderBy = [{ field: measureName(q.measures[0]!), direction: 'desc' }];
  q.share = true;
  if (asked && !asked.negated && asked.vals.length) q.focus = { column: dims[0]!, values: asked.vals };
  return undefined;
}

/** How many rows hold each value. */
function shapeDistribution(s: Shaping): Clarified {
  const { a, ds, q } = s;
  const col = a.measures[0]?.column ?? a.dimensions[0]?.column;
  if (!col) return { clarify: needMeasure(ds, 'the distribution of') };
  q.dimensions = [col.name];
  q.measures = [{ agg: 'count' }];
  q.orderBy = [{ field: col.name, direction: 'asc' }];
  return undefined;
}

/** The rows themselves. */
function shapeList(s: Shaping): Clarified {
  const { a, ds, q, tc } = s;
  // "temp and rain for every reading in March": the figures named, beside what names each row.
  const named = EACH_RECORD.test(` ${a.tokens.map((t) => t.key).join(' ')} `) ? [...new Set(a.measures.map((m) => m.column.name))] : [];
  const label = rowLabelColumn(ds)?.name ?? tc?.name;
  q.dimensions = named.length ? [...(label && !named.includes(label) ? [label] : []), ...named] : rowColumns(ds);
  q.limit = Math.min(MAX_LIMIT, Math.round(a.rank?.n ?? LIST_LIMIT));
  if (tc) q.orderBy = [{ field: tc.name, direction: 'asc' }];
  return undefined;
}

/** Pairs of two measures. */
function shapeCorrelation(s: Shaping): Clarified {
  const { a, ds, q } = s;
  const ms = uniqueColumns(a.measures.map((m) => m.column)).filter((c) => isNumericType(c.type));
  if (ms.length < 2) return { clarify: clarify('A correlation needs two measures. Which two?', optionLabels(measureColumns(ds)), [], 0.3, ds.name) };
  q.dimensions = [ms[0]!.name, ms[1]!.name];
  q.measures = [{ agg: 'count' }];
  q.limit = MAX_LIMIT;
  return undefined;
}

/** The series a model reads (anomalies, forecast, change points, seasonality, trend test, a change explained). */
function shapeModel(s: Shaping): Clarified {
  const { a, ds, q, time, tc, values, range } = s;
  if (!tc) return { clarify: clarify(`This dataset has no date column, so I cannot look for ${s.intent.replace('_', ' ')} over time.`, [], [], 0.3, ds.name) };
  q.measures = s.measures.length ? [s.measures[0]!] : a.countCue || values.length ? [{ agg: 'count' }] : [];
  if (!q.measures.length) return { clarify: needMeasure(ds, `to analyse for ${s.intent.replace('_', ' ')}`) };
  const horizonUnit = a.time.horizon?.unit;
  time.grain = a.time.grain ?? (s.intent === 'forecast' && horizonUnit ? horizonUnit : s.intent === 'seasonality' ? seasonalGrain(ds) : defaultGrain(ds, s.intent === 'explain_change' ? undefined : range));
  if (s.intent === 'explain_change') {
    if (!time.range) time.range = latestPeriod(a, time.grain === 'year' ? 'year' : 'month');
    q.compare = { to: a.time.compare ?? 'previous_period' };
    delete time.grain;
    q.dimensions = [];
  }
  return undefined;
}
