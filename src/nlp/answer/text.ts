import { primaryTimeColumn, type CatalogDataset } from '../../shared/catalog.js';
import { addUnits, iso, parseDay, startOf } from '../calendar.js';
import { measureName } from '../../insights/insightQuery.js';
import { PART_LABEL, PART_OUTPUT_NAME } from '../../insights/datePart.js';
import { SHARE_SUFFIX } from '../../insights/validate.js';
import { isModelIntent } from '../intents/index.js';
import type { ModelPlan, QueryPlan } from '../plan.js';
import { labelOf, measureText, periodText } from '../restate.js';
import { formatNumber, num, previousColumn, type ResultSet } from './result.js';
import { weightedPearson } from './stats.js';
import { differenceText } from './differenceText.js';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type Row = Record<string, unknown>;

/** What every sentence of one answer says the same way: the measure (result column and words), the period, a row's label. */
interface Wording {
  mName: string;
  mText: string;
  /** " in 2014", " in December", or '' when the query names no period. */
  whenText: string;
  label: (row: Row) => string;
}

/** A plain sentence with the key figures of a result, for the intent the plan answers. */
export function answerText(plan: QueryPlan | ModelPlan, result: ResultSet, ds: CatalogDataset): string {
  const q = plan.query;
  const rows = result.rows;
  if (!rows.length) return `No rows match: ${plan.restatement}.`;
  if (q.contrast && q.measures.length) return differenceText(q, rows, ds);
  const w = wordingOf(plan, result, ds);

  // A trend and every model's series (the model intents are listed once, in intents/index.ts).
  if (plan.intent === 'trend' || isModelIntent(plan.intent)) return seriesText(plan, result, w.mName, w.mText, w.whenText, ds);
  switch (plan.intent) {
    case 'aggregate':
    case 'count':
    case 'compare':
      return figureText(plan, result, w, ds);
    case 'breakdown':
    case 'top_n':
    case 'bottom_n':
      return rankingText(plan, rows, w.mName, w.mText, w.whenText, w.label, ds);
    case 'share':
      return shareText(rows, w);
    case 'distribution':
      return distributionText(q.dimensions[0]!, rows, ds);
    case 'list':
      return `Found ${formatNumber(rows.length)} row${rows.length === 1 ? '' : 's'}${whereText(plan)}${w.whenText}${q.limit && rows.length >= q.limit ? ` (showing the first ${q.limit})` : ''}.`;
    case 'correlation':
      return correlationText(q.dimensions as [string, string], rows, ds);
  }
}

function wordingOf(plan: QueryPlan | ModelPlan, result: ResultSet, ds: CatalogDataset): Wording {
  const q = plan.query;
  const m = q.measures[0];
  const mName = m ? measureName(m) : 'count';
  const when = periodText(q.time);
  const label = (row: Row) => q.dimensions.map((d) => String(row[d] ?? '∅')).join(' / ') || (q.time?.by ? String(row[PART_OUTPUT_NAME[q.time.by]] ?? '') : String(row[bucketColumn(result, q.dimensions, mName)] ?? ''));
  return { mName, mText: m ? measureText(ds, m) : 'number of rows', whenText: when ? ` ${when}` : '', label };
}

/** An aggregate, count or comparison: one figure (with its comparison), or a list when it came out grouped. */
function figureText(plan: QueryPlan | ModelPlan, result: ResultSet, w: Wording, ds: CatalogDataset): string {
  const q = plan.query;
  const rows = result.rows;
  // Grouped by a part of the calendar ("by day of the week"): one figure per part, listed.
  if ((q.dimensions.length || q.time?.by) && rows.length > 1) return rankingText(plan, rows, w.mName, w.mText, w.whenText, w.label, ds);
  // Two periods side by side ("2014 compared to 2013"): both figures, and the later against the earlier.
  if (q.time?.grain && rows.length === 2) return twoPeriodText(rows, bucketColumn(result, q.dimensions, w.mName), w.mName, w.mText, plan, q.time.grain);
  const v = num(rows[0]![w.mName]);
  if (v === null) return `${cap(w.mText)}${w.whenText} is not available (no values).`;
  const prevCol = previousColumn(result.columns, w.mName);
  const prev = prevCol ? num(rows[0]![prevCol]) : null;
  return `${cap(w.mText)}${whereText(plan)}${w.whenText} was ${formatNumber(v)}${compareText(plan, v, prev)}.`;
}

/** ", 12% more than the same period a year earlier (1,100)" when the query compares and the baseline is a non-zero figure. */
function compareText(plan: QueryPlan | ModelPlan, v: number, prev: number | null): string {
  const compare = plan.query.compare;
  if (!compare || prev === null || prev === 0) return '';
  const pct = ((v - prev) / Math.abs(prev)) * 100;
  const base = compare.to === 'previous_period' ? 'the previous period' : 'the same period a year earlier';
  return Math.abs(pct) < 0.5 ? `, about the same as ${base} (${formatNumber(prev)})` : `, ${formatNumber(Math.abs(Math.round(pct)))}% ${pct > 0 ? 'more' : 'less'} than ${base} (${formatNumber(prev)})`;
}

/** The first three groups' shares of the total. */
function shareText(rows: Row[], w: Wording): string {
  const total = rows.reduce((s, r) => s + (num(r[w.mName]) ?? 0), 0);
  // The query's own share of all groups (`_pct`) when it has one: the rows may be only the groups asked about.
  const pct = (r: Row) => num(r[w.mName + SHARE_SUFFIX]) ?? (total ? ((num(r[w.mName]) ?? 0) / total) * 100 : null);
  if (!rows.some((r) => num(r[w.mName + SHARE_SUFFIX]) !== null) && !total) return `${cap(w.mText)} is zero${w.whenText}, so there are no shares to show.`;
  const parts = rows.slice(0, 3).map((r) => `${w.label(r)} ${formatNumber(pct(r) ?? 0)}%`);
  return `Share of ${w.mText}${w.whenText}: ${parts.join(', ')}${rows.length > 3 ? `, and ${rows.length - 3} more` : ''}.`;
}

/** A column's values counted: its range when all are numbers (else how many there are), and the most common. */
function distributionText(col: string, rows: Row[], ds: CatalogDataset): string {
  const vals = rows.map((r) => ({ v: r[col], n: num(r.count) ?? 0 }));
  const n = vals.reduce((s, x) => s + x.n, 0);
  const mode = vals.reduce((a, b) => (b.n > a.n ? b : a));
  const numeric = vals.map((x) => num(x.v)).filter((x): x is number => x !== null);
  if (numeric.length === vals.length) {
    return `${cap(labelOf(ds, col))} ranges from ${formatNumber(Math.min(...numeric))} to ${formatNumber(Math.max(...numeric))} over ${formatNumber(n)} rows; the most common value is ${formatNumber(num(mode.v)!)} (${formatNumber(mode.n)} rows).`;
  }
  return `${cap(labelOf(ds, col))} has ${vals.length} distinct values over ${formatNumber(n)} rows; the most common is ${String(mode.v)} (${formatNumber(mode.n)} rows).`;
}

/** Two columns' correlation (weighted by each pair's row count) in words, with r and n. */
function correlationText([a, b]: [string, string], rows: Row[], ds: CatalogDataset): string {
  const r = weightedPearson(rows.map((row) => [num(row[a]), num(row[b]), num(row.count) ?? 1]));
  if (r === null) return `There are not enough values of ${labelOf(ds, a)} and ${labelOf(ds, b)} to measure a correlation.`;
  const strength = Math.abs(r.r) >= 0.7 ? 'strong' : Math.abs(r.r) >= 0.4 ? 'moderate' : Math.abs(r.r) >= 0.2 ? 'weak' : 'no clear';
  const sign = strength === 'no clear' ? '' : r.r > 0 ? ' positive' : ' negative';
  return `${cap(labelOf(ds, a))} and ${labelOf(ds, b)} show ${strength}${sign} correlation (r = ${r.r.toFixed(2)}, n = ${formatNumber(r.n)}).`;
}

/** A series: its first and last figures, the change between them, and its highest and lowest. */
function seriesText(plan: QueryPlan | ModelPlan, result: ResultSet, mName: string, mText: string, whenText: string, ds: CatalogDataset): string {
  const q = plan.query;
  const rows = result.rows;
  const bucket = bucketColumn(result, q.dimensions, mName);
  const pts = rows.map((r) => ({ t: String(r[bucket] ?? ''), v: num(r[mName]) })).filter((p): p is { t: string; v: number } => p.v !== null);
  if (!pts.length) return `No values for ${mText}${whenText}.`;
  const peak = pts.reduce((a, b) => (b.v > a.v ? b : a));
  const low = pts.reduce((a, b) => (b.v < a.v ? b : a));
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  // A total over a period the data stops inside (3 days of February) is not comparable with full
  // periods: the overall change is taken to the last complete one, and the sentence says so.
  const partial = plan.intent === 'trend' && pts.length > 2 && partialLast(q, ds, last.t);
  const end = partial ? pts[pts.length - 2]! : last;
  const change = first.v !== 0 ? ((end.v - first.v) / Math.abs(first.v)) * 100 : null;
  const dir = change === null ? '' : Math.abs(change) < 1 ? ', roughly flat overall' : `, ${change > 0 ? 'up' : 'down'} ${formatNumber(Math.abs(Math.round(change)))}% overall`;
  const note = partial ? `${dir} to ${shortTime(end.t)} (the last ${q.time?.grain}, ${shortTime(last.t)}, is partial: the data ends ${partial}, at ${formatNumber(last.v)} so far)` : dir;
  return `${cap(mText)} per ${q.time?.grain ?? q.yearBucket?.size ?? 'period'}${whereText(plan)}${whenText}: from ${formatNumber(first.v)} (${shortTime(first.t)}) to ${formatNumber(end.v)} (${shortTime(end.t)})${note}; highest ${formatNumber(peak.v)} (${shortTime(peak.t)}), lowest ${formatNumber(low.v)} (${shortTime(low.t)}).`;
}

function twoPeriodText(rows: Record<string, unknown>[], bucket: string, mName: string, mText: string, plan: QueryPlan | ModelPlan, grain: string): string {
  const [a, b] = [...rows].sort((x, y) => String(x[bucket]).localeCompare(String(y[bucket])));
  const va = num(a![mName]);
  const vb = num(b![mName]);
  // The filter that is only the two periods says nothing the labels do not.
  const where = plan.query.filter && 'or' in plan.query.filter ? '' : whereText(plan);
  const period = (r: Record<string, unknown>) => String(r[bucket] ?? '').slice(0, grain === 'year' ? 4 : grain === 'month' ? 7 : 10);
  const head = `${cap(mText)}${where}: ${period(a!)} ${va === null ? 'no value' : formatNumber(va)}, ${period(b!)} ${vb === null ? 'no value' : formatNumber(vb)}`;
  if (va === null || vb === null || va === 0) return `${head}.`;
  const pct = ((vb - va) / Math.abs(va)) * 100;
  return `${head} (${Math.abs(pct) < 0.5 ? 'about the same' : `${formatNumber(Math.abs(Math.round(pct)))}% ${pct > 0 ? 'more' : 'less'}`}).`;
}

function rankingText(plan: QueryPlan | ModelPlan, rows: Record<string, unknown>[], mName: string, mText: string, whenText: string, label: (r: Record<string, unknown>) => string, ds: CatalogDataset): string {
  const q = plan.query;
  const by = q.dimensions.length ? q.dimensions.map((d) => labelOf(ds, d)).join(' and ') : q.time?.by ? PART_LABEL[q.time.by] : q.time?.grain ?? q.yearBucket?.size ?? 'row';
  const items = rows.slice(0, 5).map((r) => `${label(r)} (${formatNumber(num(r[mName]) ?? 0)})`);
  const head = plan.intent === 'top_n' || plan.intent === 'bottom_n' ? `${plan.intent === 'top_n' ? 'Top' : 'Bottom'} ${rows.length} ${by} by ${mText}${whereText(plan)}${whenText}` : `${cap(mText)} by ${by}${whereText(plan)}${whenText}`;
  return `${head}: ${items.join(', ')}${rows.length > 5 ? `, and ${rows.length - 5} more` : ''}.`;
}

function whereText(plan: QueryPlan | ModelPlan): string {
  const r = plan.restatement;
  const i = r.indexOf(' where ');
  if (i < 0) return '';
  const rest = r.slice(i);
  const cut = rest.search(/ (in \d|in [A-Z]|in Q\d|in hours? \d|from \d|since \d|before \d|on \d|on [A-Z]|on days? \d|,)/);
  return cut > 0 ? rest.slice(0, cut) : rest;
}

/** The result column holding the time bucket: the first one that is neither a dimension nor a measure. */
export function bucketColumn(result: ResultSet, dims: readonly string[], measure: string): string {
  return result.columns.find((c) => !dims.includes(c) && c !== measure && !previousColumnLike(c)) ?? result.columns[0] ?? '';
}

function previousColumnLike(c: string): boolean {
  return /prev|previous|compare|prior|baseline/.test(c);
}

/**
 * The day the data ends, when it ends inside the last bucket of a summed or counted series (so the
 * last bucket holds only part of its period); else undefined.
 */
function partialLast(q: QueryPlan['query'], ds: CatalogDataset, bucket: string): string | undefined {
  const grain = q.time?.grain;
  const summed = q.measures.every((m) => m.agg === 'sum' || m.agg === 'count' || m.agg === 'count_distinct');
  const tc = primaryTimeColumn(ds);
  const endDay = tc?.stats?.maxTime?.slice(0, 10);
  const start = parseDay(bucket.slice(0, 10));
  // A decade's or century's bucket is a year number, not a day: no partial-bucket note for it.
  if (!grain || grain === 'minute' || grain === 'hour' || grain === 'day' || grain === 'decade' || grain === 'century' || !summed || !endDay || !start) return undefined;
  const lastDayOfBucket = iso(addUnits(addUnits(start, 1, grain), -1, 'day'));
  const rangeEnd = q.time?.range?.to?.slice(0, 10);
  // A range the question set that ends inside the bucket cut it, not the data.
  if (rangeEnd && rangeEnd <= lastDayOfBucket) return undefined;
  // Monthly data ending on 1 March fills March's bucket; daily data ending on 3 March does not.
  const lastRowOfBucket = iso(startOf(parseDay(lastDayOfBucket)!, tc!.stats?.grain ?? 'day'));
  return endDay >= bucket.slice(0, 10) && endDay < lastRowOfBucket ? endDay : undefined;
}

function shortTime(t: string): string {
  return t.length >= 10 && /^\d{4}-\d{2}-\d{2}/.test(t) ? t.slice(0, 10) : t;
}
