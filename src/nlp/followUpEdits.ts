// The edits a follow-up makes to the last answer's query ("and in 2013?", "only rainy days", "top 3"),
// one kind of words each; conversation.ts runs them in order.
import { isNumericType, type CatalogColumn, type CatalogDataset } from '../shared/catalog.js';
import { measureName, type Filter, type InsightQuery, type Measure } from '../insights/insightQuery.js';
import type { Analysis } from './analyze.js';
import type { BooleanFlags } from './booleanFlags.js';
import { MONTH_NUMBER } from './monthNames.js';
import { defaultAggregation, defaultGrain } from './defaults.js';
import { isModelIntent, type Intent } from './intents/index.js';
import { typicalOfGroups } from './groupReadings.js';
import { yearColumn, yearFilter, yearsOf } from './timeAxis.js';
import { countColumn } from './dateParts.js';

/** A follow-up's query as it is edited step by step from the earlier answer's. */
export interface FollowUpDraft {
  q: InsightQuery;
  intent: Intent;
  notes: string[];
  /** True once any step changed the query: a follow-up that changes nothing is planned afresh. */
  changed: boolean;
}

/**
 * "average in December" then "what about January?": a month said alone replaces the month of every year.
 * After a range of whole years ("between 1950 and 1955") it is that month of each of those years.
 * Otherwise a new range replaces the old one, and ends a comparison no longer asked for.
 */
export function newTimeRange(d: FollowUpDraft, a: Analysis, text: string, tc: CatalogColumn | undefined): void {
  const { q } = d;
  const monthAlone = a.time.range && (q.time?.parts?.some((p) => p.part === 'month') || severalYears(q)) ? oneMonthWithoutYear(a) : undefined;
  if (monthAlone !== undefined && q.time?.parts?.some((p) => p.part === 'month')) {
    q.time = { ...q.time, parts: q.time.parts.map((p) => (p.part === 'month' ? { part: 'month', values: [monthAlone] } : p)) };
    d.changed = true;
  } else if (monthAlone !== undefined && q.time) {
    // The years asked about stay; the month narrows them, as a month named after "in December" does
    // (beside the other parts asked, "on Saturdays").
    q.time = { ...q.time, parts: [...(q.time.parts ?? []), { part: 'month', values: [monthAlone] }] };
    d.changed = true;
  } else if (a.time.range && tc) {
    // Time: a new range replaces the old one; a grain turns the answer into a series. A month or a
    // quarter ("last month", "January 1955") replaces the month of every year too; a year or a
    // decade ("what about 1955?") keeps it: December of 1955.
    const short = !!a.time.range?.from && !!a.time.range.to && Date.parse(a.time.range.to) - Date.parse(a.time.range.from) <= 92 * 86_400_000;
    if (short && q.time?.parts?.some((p) => p.part === 'month')) {
      const parts = q.time.parts.filter((p) => p.part !== 'month');
      q.time = { ...q.time, parts };
      if (!parts.length) delete q.time.parts;
    }
    q.time = { ...(q.time ?? {}), range: { ...(a.time.range.from ? { from: a.time.range.from } : {}), ...(a.time.range.to ? { to: a.time.range.to } : {}) } };
    if (!a.time.compare && !/\b(compare|compared|vs|versus)\b/.test(text)) delete q.compare;
    d.changed = true;
  }
}

/** An integer year column: the new years replace the old years' filter. */
export function newYears(d: FollowUpDraft, a: Analysis, ds: CatalogDataset, tc: CatalogColumn | undefined): void {
  const yc = tc ? undefined : yearColumn(ds);
  const ys = yc && a.time.range ? yearsOf(a.time.range) : undefined;
  if (!yc || !ys) return;
  const f = yearFilter(yc, ys);
  const conds = flatten(d.q.filter).filter((c) => !('column' in c) || c.column !== yc.name);
  if (f) conds.push(f);
  d.q.filter = conds.length === 0 ? null : conds.length === 1 ? conds[0]! : { and: conds };
  d.changed = true;
}

/** "and on weekends?", "now by hour of day": parts of the calendar replace the earlier ones; "vs last year" compares. */
export function newCalendar(d: FollowUpDraft, a: Analysis, tc: CatalogColumn | undefined): void {
  const { q } = d;
  if (a.calendar && tc) {
    const t: NonNullable<InsightQuery['time']> = { ...(q.time ?? {}) };
    if (a.calendar.parts.length) t.parts = a.calendar.parts;
    if (a.calendar.by) {
      t.by = a.calendar.by;
      delete t.grain;
    }
    q.time = t;
    d.changed = true;
  }
  if (a.time.compare && q.time?.range) {
    q.compare = { to: a.time.compare };
    d.changed = true;
  }
}

/** Measures: a named measure replaces the previous ones; an aggregation word alone re-aggregates them. */
export function newMeasures(d: FollowUpDraft, a: Analysis, earlier: InsightQuery): void {
  const { q } = d;
  const aggCue = a.aggCues[0]?.agg;
  if (a.measures.length) {
    q.measures = a.measures.map((m): Measure => {
      // "what about body mass?" after an average: the same aggregation, on the new measure.
      const prev = earlier.measures.length === 1 && earlier.measures[0]!.column ? earlier.measures[0]!.agg : undefined;
      const agg = m.agg ?? aggCue ?? (prev && prev !== 'count_distinct' ? prev : undefined) ?? defaultAggregation(m.column);
      return agg === 'count' ? { agg } : { column: m.column.name, agg: isNumericType(m.column.type) ? agg : 'count_distinct' };
    });
    d.changed = true;
  } else if (aggCue && !a.rank) {
    q.measures = q.measures.map((m) => (m.column ? { column: m.column, agg: aggCue } : m));
    d.changed = true;
  }
  if (q.orderBy.length && q.measures[0]) {
    q.orderBy = q.orderBy.map((o, i) => (i === 0 && /^(count|sum|avg|min|max|median|count_distinct|stddev|p\d+)_?/.test(o.field) ? { ...o, field: measureName(q.measures[0]!) } : o));
  }
  // "and the 3 coldest?" after the warmest months: the months' averages again, from the other end.
  if (a.measures.length) typicalOfGroups(a, q, q.time ?? {}, d.notes);
}

/** Yes/no columns said as words ("only the southern ones", "and the smokers") filter like values. */
export function newFlagFilters(d: FollowUpDraft, flags: BooleanFlags): void {
  if (!flags.filters.length) return;
  const { q } = d;
  const cols = new Set(flags.filters.map((f) => ('column' in f ? f.column : '')));
  const conds = [...flatten(q.filter).filter((c) => !('column' in c) || !cols.has(c.column)), ...flags.filters];
  q.filter = conds.length === 1 ? conds[0]! : { and: conds };
  q.dimensions = q.dimensions.filter((dim) => !cols.has(dim));
  d.notes.push(...flags.notes);
  d.changed = true;
}

/** Values: "what about X" swaps the value on X's column; "only X" narrows to it; "excluding X" removes it. */
export function newValues(d: FollowUpDraft, a: Analysis): void {
  if (!a.values.length) return;
  const { q } = d;
  let conds = flatten(q.filter);
  const values = onEarlierColumns(a.values, conds);
  for (const v of values) {
    conds = conds.filter((c) => !('column' in c) || c.column !== v.column);
    const same = values.filter((x) => x.column === v.column);
    if (same[0] !== v) continue;
    if (same.length > 1) conds.push({ column: v.column, op: v.negated ? 'not_in' : 'in', values: same.map((x) => x.value) });
    else conds.push({ column: v.column, op: v.negated ? 'neq' : 'eq', value: v.value });
  }
  q.filter = conds.length === 0 ? null : conds.length === 1 ? conds[0]! : { and: conds };
  // A dimension that the new value pins down no longer splits the answer.
  if (values.every((v) => !v.negated) && values.length === 1) q.dimensions = q.dimensions.filter((dim) => dim !== values[0]!.column);
  d.changed = true;
}

/** A comparison on a column ("what about over 30?") replaces that column's filter. */
export function newConditions(d: FollowUpDraft, a: Analysis): void {
  const { q } = d;
  for (const c of a.conditions) {
    if (!c.column) continue;
    const conds = flatten(q.filter).filter((f) => !('column' in f) || f.column !== c.column!.name);
    conds.push(c.op === 'between' ? { column: c.column.name, op: 'between', values: [c.value, c.upper!] } : { column: c.column.name, op: c.op, value: c.value });
    q.filter = conds.length === 1 ? conds[0]! : { and: conds };
    d.changed = true;
  }
}

/** "how many is that?": the earlier answer's rows, counted. */
export function countOfAnswer(d: FollowUpDraft, a: Analysis): void {
  // "how many of those are in a union": a count asked of the narrowed rows, whatever else changed;
  // a figure that already counts (rows standing for many, summed) stays.
  if (!a.countCue || a.measures.length || a.dimensions.length || a.rank) return;
  const { q } = d;
  const cc = countColumn(a.vocab.dataset);
  if (d.changed && q.measures.length && q.measures.every((m) => m.agg === 'count' || (m.agg === 'sum' && m.column === cc?.name))) return;
  q.measures = [{ agg: 'count' }];
  q.dimensions = [];
  q.orderBy = [];
  q.limit = null;
  delete q.time?.grain;
  delete q.yearBucket;
  d.intent = 'count';
  d.changed = true;
}

/** Grouping: "break that down by weather" adds a dimension. */
export function newGrouping(d: FollowUpDraft, a: Analysis, text: string): void {
  const grouping = a.dimensions.filter((dim) => dim.grouping || /\b(break|split|by|per)\b/.test(text));
  if (!grouping.length) return;
  const { q } = d;
  for (const dim of grouping) if (!q.dimensions.includes(dim.column.name)) q.dimensions.push(dim.column.name);
  if (d.intent !== 'trend' && !isModelIntent(d.intent)) {
    d.intent = 'breakdown';
    q.orderBy = q.measures[0] ? [{ field: measureName(q.measures[0]), direction: 'desc' }] : [];
    q.compare = null;
  }
  d.changed = true;
}

/** "show the trend instead": the same figures as a series over time. */
export function asTrend(d: FollowUpDraft, a: Analysis, ds: CatalogDataset, tc: CatalogColumn | undefined): void {
  const { q } = d;
  d.intent = 'trend';
  if (tc) q.time = { ...(q.time ?? {}), grain: a.time.grain ?? (q.time?.grain || defaultGrain(ds, a.time.range ?? { from: q.time?.range?.from ?? undefined, to: q.time?.range?.to ?? undefined })) };
  q.orderBy = [];
  q.limit = null;
  q.compare = null;
  d.changed = true;
}

/** "top 3", "and the lowest?": the answer's groups ranked by its first measure. */
export function asRanking(d: FollowUpDraft, rank: NonNullable<Analysis['rank']>, ds: CatalogDataset): void {
  const { q } = d;
  d.intent = rank.dir === 'top' ? 'top_n' : 'bottom_n';
  if (!q.dimensions.length && !q.time?.grain && !q.yearBucket) {
    const dim = ds.columns.find((c) => c.role === 'dimension');
    if (dim) q.dimensions = [dim.name];
  }
  const m = q.measures[0] ?? { agg: 'count' as const };
  // "and the lowest?" after "which state has the highest": the same number of rows, from the other end.
  const earlierN = q.orderBy.length && q.limit ? q.limit : undefined;
  q.measures = [m];
  q.orderBy = [{ field: measureName(m), direction: rank.dir === 'top' ? 'desc' : 'asc' }];
  q.limit = Math.max(1, Math.round(rank.n ?? earlierN ?? 5));
  q.compare = null;
  d.changed = true;
}

function flatten(f: Filter | null | undefined): Filter[] {
  if (!f) return [];
  if ('and' in f) return [...f.and];
  return [f];
}

/**
 * "and Georgia?" after "sales in Texas": of the values a word may name (the country Georgia,
 * the state Georgia), the one on a column the earlier answer filtered swaps in for that filter.
 */
function onEarlierColumns(values: Analysis['values'], conds: readonly Filter[]): Analysis['values'] {
  const earlier = new Set(conds.flatMap((c) => ('column' in c ? [c.column] : [])));
  return values.map((v) => {
    if (earlier.has(v.column)) return v;
    const alt = v.link.candidates.find((c) => c.target.kind === 'value' && earlier.has(c.target.column));
    return alt && alt.target.kind === 'value' ? { ...v, column: alt.target.column, value: alt.target.value } : v;
  });
}

/**
 * The one calendar year an answer's range covers ("in 1955"), if it covers exactly one: a period
 * a follow-up names without a year falls in it.
 */
export function earlierYear(q: InsightQuery): number | undefined {
  const years = wholeYears(q);
  return years && years.to === years.from + 1 ? years.from : undefined;
}

/** A range of two or more whole calendar years ("between 1950 and 1955"). */
function severalYears(q: InsightQuery): boolean {
  const years = wholeYears(q);
  return !!years && years.to > years.from + 1;
}

/** The years of a range that starts and ends on the 1st of January: [from, to). */
function wholeYears(q: InsightQuery): { from: number; to: number } | undefined {
  const r = q.time?.range;
  const from = r?.from && /^(\d{4})-01-01(T00:00(:00(\.0+)?)?Z?)?$/.exec(r.from);
  const to = r?.to && /^(\d{4})-01-01(T00:00(:00(\.0+)?)?Z?)?$/.exec(r.to);
  return from && to ? { from: Number(from[1]), to: Number(to[1]) } : undefined;
}

/** The month of a one-month range read from a month name with no year said ("what about January?"). */
function oneMonthWithoutYear(a: Analysis): number | undefined {
  const r = a.time.range;
  if (!r?.from || !r.to || a.tokens.some((t) => t.kind === 'number') || !a.tokens.some((t) => Object.hasOwn(MONTH_NUMBER, t.key))) return undefined;
  const from = new Date(`${r.from.slice(0, 10)}T00:00:00Z`);
  const to = new Date(`${r.to.slice(0, 10)}T00:00:00Z`);
  const oneMonth = from.getUTCDate() === 1 && to.getUTCDate() === 1 && (to.getUTCMonth() - from.getUTCMonth() + 12) % 12 === 1 && to.getTime() - from.getTime() < 32 * 86_400_000;
  return oneMonth ? from.getUTCMonth() + 1 : undefined;
}
