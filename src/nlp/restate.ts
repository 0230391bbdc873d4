import type { CatalogDataset } from '../shared/catalog.js';
import type { Filter, InsightQuery, Measure } from '../insights/insightQuery.js';
import { describeParts } from '../insights/describeParts.js';
import { PART_LABEL } from '../insights/datePart.js';
import type { Intent } from './intents/index.js';

const AGG_TEXT: Record<string, string> = {
  sum: 'total', avg: 'average', min: 'minimum', max: 'maximum', median: 'median', count_distinct: 'number of distinct', stddev: 'standard deviation of', percentile: 'percentile of',
};
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A column's display label. */
export function labelOf(ds: CatalogDataset, name: string): string {
  return ds.columns.find((c) => c.name === name)?.label ?? name;
}

/** "total revenue", "number of rows". */
export function measureText(ds: CatalogDataset, m: Measure): string {
  if (m.agg === 'count') return 'number of rows';
  return `${AGG_TEXT[m.agg] ?? m.agg} ${labelOf(ds, m.column ?? '')}`;
}

/** A date range in words: "in 2014", "in March 2012", "from 2012-03-01 to 2012-06-30", "since 2005-01-01". */
export function rangeText(r: { from?: string | null; to?: string | null } | null | undefined): string {
  if (!r || (!r.from && !r.to)) return '';
  const from = r.from ?? undefined;
  const to = r.to ?? undefined;
  if (from && to) {
    const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
    const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
    if (fm === 1 && fd === 1 && tm === 1 && td === 1 && ty === fy + 1) return `in ${fy}`;
    if (fd === 1 && td === 1 && ((ty === fy && tm === fm + 1) || (ty === fy + 1 && fm === 12 && tm === 1))) return `in ${MONTHS[fm - 1]} ${fy}`;
    if (fd === 1 && td === 1 && fm % 3 === 1 && ((ty === fy && tm === fm + 3) || (ty === fy + 1 && fm === 10 && tm === 1))) return `in Q${(fm + 2) / 3} ${fy}`;
    const last = new Date(Date.parse(to) - 86_400_000).toISOString().slice(0, 10);
    return last === from ? `on ${from}` : `from ${from} to ${last}`;
  }
  if (from) return `since ${from}`;
  return `before ${to}`;
}

/**
 * The time a query covers in words: its range with its parts of the calendar, so a month of every
 * year is never restated as all the data ("in December", "in December 1955", "in January, 1950–1955",
 * "in January, since 1955-03-01").
 */
export function periodText(time: InsightQuery['time']): string {
  const range = rangeText(time?.range);
  const parts = time?.parts?.length ? describeParts(time.parts) : '';
  if (!parts || !range) return parts || range;
  const year = /^in (\d{4})$/.exec(range)?.[1];
  // Months of one year read as a date ("in December 1955"); other parts take the year after them.
  if (year) return time!.parts!.every((p) => p.part === 'month') ? `${parts} ${year}` : `${parts} ${range}`;
  const from = time?.range?.from ?? '';
  const to = time?.range?.to ?? '';
  // Whole years: "1950–1955" says what "from 1950-01-01 to 1955-12-31" does, shorter beside a month.
  const years = /^(\d{4})-01-01$/.exec(from)?.[1];
  const toYear = /^(\d{4})-01-01$/.exec(to)?.[1];
  if (years && toYear) return `${parts}, ${years}–${Number(toYear) - 1}`;
  return `${parts}, ${range}`;
}

function filterText(ds: CatalogDataset, f: Filter): string {
  if ('and' in f) return f.and.map((x) => filterText(ds, x)).join(' and ');
  if ('or' in f) return f.or.map((x) => filterText(ds, x)).join(' or ');
  if ('not' in f) return `not (${filterText(ds, f.not)})`;
  const l = labelOf(ds, f.column);
  const ops: Record<string, string> = { eq: 'is', neq: 'is not', lt: 'below', lte: 'at most', gt: 'above', gte: 'at least', contains: 'contains', starts_with: 'starts with', ends_with: 'ends with' };
  if (f.op === 'in') return `${l} is ${(f.values ?? []).join(' or ')}`;
  if (f.op === 'not_in') return `${l} is not ${(f.values ?? []).join(' or ')}`;
  if (f.op === 'between') return `${l} between ${f.values?.[0]} and ${f.values?.[1]}`;
  if (f.op === 'is_null') return `${l} is missing`;
  if (f.op === 'not_null') return `${l} is present`;
  return `${l} ${ops[f.op] ?? f.op} ${f.value}`;
}

const HAVING_WORDS: Record<string, string> = { gt: 'above', gte: 'at least', lt: 'below', lte: 'at most', eq: 'equal to', neq: 'not', between: 'between' };

/** One line saying what the planner understood: "total revenue by region in 2014, compared with the previous period". */
export function restate(q: InsightQuery, intent: Intent, ds: CatalogDataset): string {
  const parts: string[] = [];
  const ms = q.measures.map((m) => measureText(ds, m)).join(' and ');
  switch (intent) {
    case 'top_n':
    case 'bottom_n':
      parts.push(`${intent === 'top_n' ? 'top' : 'bottom'} ${q.limit ?? ''} ${q.dimensions.length ? q.dimensions.map((d) => labelOf(ds, d)).join(', ') : `${q.time?.grain ?? 'row'}s`} by ${ms}`.replace(/\s+/g, ' '));
      break;
    case 'distribution':
      parts.push(`distribution of ${labelOf(ds, q.dimensions[0] ?? '')}`);
      break;
    case 'correlation':
      parts.push(`relationship between ${labelOf(ds, q.dimensions[0] ?? '')} and ${labelOf(ds, q.dimensions[1] ?? '')}`);
      break;
    case 'list':
      parts.push(`rows of ${ds.label}`);
      break;
    case 'share':
      parts.push(`share of ${ms} by ${q.dimensions.map((d) => labelOf(ds, d)).join(', ')}${q.focus ? ` for ${q.focus.values.join(', ')}` : ''}`);
      break;
    default: {
      const prefix = intent === 'anomalies' ? 'unusual values of ' : intent === 'forecast' ? 'forecast of ' : intent === 'change_points' ? 'change points in ' : intent === 'seasonality' ? 'seasonal pattern of ' : intent === 'trend_test' ? 'trend test of ' : intent === 'explain_change' ? 'what drove the change in ' : '';
      parts.push(prefix + ms);
      if (q.dimensions.length) parts.push(`by ${q.dimensions.map((d) => labelOf(ds, d)).join(' and ')}`);
      if (q.time?.grain) parts.push(`per ${q.time.grain}`);
      if (q.time?.by) parts.push(`by ${PART_LABEL[q.time.by]}`);
    }
  }
  if (q.filter) parts.push(`where ${filterText(ds, q.filter)}`);
  const rt = periodText(q.time);
  if (rt) parts.push(rt);
  let s = parts.join(' ');
  if (q.compare) s += `, compared with ${q.compare.to === 'previous_period' ? 'the previous period' : 'the same period a year earlier'}`;
  if (q.contrast) s += `: ${q.contrast.a.label ?? String(q.contrast.a.value)} against ${q.contrast.b.label ?? String(q.contrast.b.value)}, and the difference`;
  if (q.having?.length) s += `, only groups where ${q.having.map((h) => `${h.measure} ${HAVING_WORDS[h.op] ?? h.op} ${h.op === 'between' ? (h.values ?? []).join(' and ') : String(h.value)}`).join(' and ')}`;
  if (q.countGroups) s = `number of groups: ${s}`;
  return s;
}
