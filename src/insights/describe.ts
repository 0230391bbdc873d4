import type { CatalogDataset } from '../shared/catalog.js';
import { findColumn } from './columnLookup.js';
import { describeParts } from './describeParts.js';
import { PART_LABEL } from './datePart.js';
import { measureName, type Condition, type Filter, type InsightQuery, type Measure, type ScalarValue, type TimeRange } from './insightQuery.js';
import { parseIsoInstant } from './timeRange.js';

/**
 * A plain-English restatement of a query ("sum of revenue by month in 2014, compared with
 * the previous period"), built from column labels. It is shown back to the user as "what I
 * understood", so it is lenient: an unknown column is named as written instead of throwing.
 */

const labelOf = (ds: CatalogDataset, name: string): string => {
  try {
    return findColumn(ds, name).label;
  } catch {
    return name;
  }
};

/** "1st", "2nd", "90th", "99.5th". */
export function ordinal(n: number): string {
  const r = Math.round(n * 10) / 10;
  if (!Number.isInteger(r)) return `${r}th`;
  const mod100 = r % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${r}th`;
  return `${r}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[r % 10] ?? 'th'}`;
}

/** A measure in words: "sum of revenue", "count of rows", "90th percentile of wind". */
export function measureLabel(m: Pick<Measure, 'agg' | 'column' | 'percentile'>, ds: CatalogDataset): string {
  const col = m.column ? labelOf(ds, m.column) : null;
  switch (m.agg) {
    case 'count':
      return col ? `count of ${col}` : 'count of rows';
    case 'count_distinct':
      return `number of distinct ${col}`;
    case 'sum':
      return `sum of ${col}`;
    case 'avg':
      return `average ${col}`;
    case 'min':
      return `minimum ${col}`;
    case 'max':
      return `maximum ${col}`;
    case 'median':
      return `median ${col}`;
    case 'percentile':
      return `${ordinal((m.percentile ?? 0) * 100)} percentile of ${col}`;
    case 'stddev':
      return `standard deviation of ${col}`;
  }
}

const listWords = (xs: string[]): string => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const fmtValue = (v: ScalarValue | null | undefined): string => (typeof v === 'string' ? `'${v}'` : String(v));

function describeFilter(f: Filter, ds: CatalogDataset): string {
  if ('and' in f) return f.and.map((x) => describeFilter(x, ds)).join(' and ');
  if ('or' in f) return `(${f.or.map((x) => describeFilter(x, ds)).join(' or ')})`;
  if ('not' in f) return `not (${describeFilter(f.not, ds)})`;
  return conditionText(labelOf(ds, f.column), f);
}

/** One condition in words, the column (or a measure) named by `col`. */
function conditionText(col: string, f: Pick<Condition, 'op' | 'value' | 'values'>): string {
  const vs = (f.values ?? []).map(fmtValue);
  switch (f.op) {
    case 'eq':
      return `${col} is ${fmtValue(f.value)}`;
    case 'neq':
      return `${col} is not ${fmtValue(f.value)}`;
    case 'in':
      return `${col} is one of ${vs.join(', ')}`;
    case 'not_in':
      return `${col} is not one of ${vs.join(', ')}`;
    case 'lt':
      return `${col} is below ${fmtValue(f.value)}`;
    case 'lte':
      return `${col} is at most ${fmtValue(f.value)}`;
    case 'gt':
      return `${col} is above ${fmtValue(f.value)}`;
    case 'gte':
      return `${col} is at least ${fmtValue(f.value)}`;
    case 'between':
      return `${col} is between ${vs[0]} and ${vs[1]}`;
    case 'contains':
      return `${col} contains ${fmtValue(f.value)}`;
    case 'starts_with':
      return `${col} starts with ${fmtValue(f.value)}`;
    case 'ends_with':
      return `${col} ends with ${fmtValue(f.value)}`;
    case 'is_null':
      return `${col} is missing`;
    case 'not_null':
      return `${col} is present`;
  }
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function describeRange(r: TimeRange): string {
  if (r.last) {
    const { count, unit } = r.last;
    return count === 1 ? `in the last ${unit}` : `in the last ${count} ${unit}s`;
  }
  let from: Date | null = null;
  let to: Date | null = null;
  try {
    from = r.from ? parseIsoInstant(r.from) : null;
    to = r.to ? parseIsoInstant(r.to) : null;
  } catch {
    return `from ${r.from ?? '…'} to ${r.to ?? '…'}`;
  }
  const day = (d: Date): string => d.toISOString().slice(0, 10);
  if (from && to) {
    const fy = from.getUTCFullYear();
    const fm = from.getUTCMonth();
    const months = (to.getUTCFullYear() - fy) * 12 + to.getUTCMonth() - fm;
    const monthStarts = [from, to].every((d) => d.getUTCDate() === 1 && d.getTime() % 86_400_000 === 0);
    if (monthStarts && months === 12 && fm === 0) return `in ${fy}`;
    if (monthStarts && months === 3 && fm % 3 === 0) return `in Q${fm / 3 + 1} ${fy}`;
    if (monthStarts && months === 1) return `in ${MONTH_NAMES[fm]} ${fy}`;
    if (from.getTime() % 86_400_000 === 0 && to.getTime() - from.getTime() === 86_400_000) return `on ${day(from)}`;
    // `to` is exclusive; people read ranges inclusively, so a date range shows its last day.
    if (to.getTime() % 86_400_000 === 0 && from.getTime() % 86_400_000 === 0) return `from ${day(from)} to ${day(new Date(to.getTime() - 86_400_000))}`;
    return `from ${r.from} to before ${r.to}`;
  }
  if (from) return `since ${r.from}`;
  return `before ${r.to}`;
}

/** The query restated in plain English using column labels. */
export function describeQuery(q: InsightQuery, ds: CatalogDataset): string {
  const measures = (q.measures ?? []).map((m) => measureLabel(m, ds));
  const dims = (q.dimensions ?? []).map((d) => labelOf(ds, d));
  const grain = q.time?.grain ?? (q.time?.by ? PART_LABEL[q.time.by] : (q.yearBucket?.size ?? null));
  let text: string;
  if (measures.length) {
    text = listWords(measures);
    const by = [...dims, ...(grain ? [grain] : [])];
    if (by.length) text += ` by ${listWords(by)}`;
  } else {
    text = dims.length ? `distinct ${listWords(dims)}` : 'rows';
    if (grain) text += ` by ${grain}`;
  }
  if (q.time?.range) text += ` ${describeRange(q.time.range)}`;
  if (q.time?.parts?.length) text += ` ${describeParts(q.time.parts)}`;
  if (q.filter) text += ` where ${describeFilter(q.filter, ds)}`;
  if (q.having?.length) {
    const label = (name: string) => {
      const m = (q.measures ?? []).find((x) => measureName(x) === name);
      return m ? measureLabel(m, ds) : name;
    };
    text += `, keeping groups where ${q.having.map((h) => conditionText(label(h.measure), h)).join(' and ')}`;
  }
  if (q.countGroups) text = `number of groups of ${text}`;
  if (q.share) text += ', with each group\'s share of the total';
  if (q.focus) text += `, showing only ${q.focus.column} ${q.focus.values.map((v) => fmtValue(v)).join(', ')}`;
  if (q.contrast) {
    const side = (s: NonNullable<InsightQuery['contrast']>['a']) => s.label ?? (s.range ? describeRange(s.range) : fmtValue(s.value));
    text += `, ${side(q.contrast.a)} against ${side(q.contrast.b)} (the difference and the % change)`;
  }
  if (q.compare) text += q.compare.to === 'previous_period' ? ', compared with the previous period' : ', compared with the same period last year';
  if (q.orderBy?.length) text += `, sorted by ${q.orderBy.map((o) => `${o.field}${o.direction === 'desc' ? ' (highest first)' : ''}`).join(', ')}`;
  if (q.limit) {
    const desc = q.orderBy?.[0]?.direction === 'desc' || (!q.orderBy?.length && !grain && dims.length > 0 && measures.length > 0);
    text += desc ? `, top ${q.limit}` : `, first ${q.limit} rows`;
  }
  return text;
}
