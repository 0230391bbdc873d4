import type { CatalogColumn, CatalogDataset, Grain, SqlType } from '../shared/catalog.js';
import { badInput } from '../shared/errors.js';
import { assertNever } from '../shared/result.js';
import { compileFilter } from './compileFilter.js';
import { PART_LABEL } from './datePart.js';
import { partConditions, partExpr } from './datePartSql.js';
import { datesArePeriods } from './ownPeriods.js';
import { measureLabel } from './describe.js';
import { eitherSide, sideCondition, type ResolvedContrast } from './contrast.js';
import { havingClause } from './having.js';
import { CONTRAST_SUFFIXES, DEFAULT_LIMIT, type InsightQuery, type TimeGrain } from './insightQuery.js';
import { isYearBucket, timeYearBucketExpr, yearBucketExpr } from './yearBucket.js';
import { compileSql, ident, join, raw, sql, value, type SqlFragment } from './sql.js';
import { comparisonRanges, resolveTimeRange, shiftToInterval, type AbsoluteRange, type PeriodShift } from './timeRange.js';
import { GROUP_COUNT, resolveQuery, SHARE_SUFFIX, timeOutputName, type ResolvedMeasure, type ResolvedQuery, type ResolvedTime } from './validate.js';

/**
 * The insight compiler: InsightQuery → ONE parameterized SQL statement.
 *
 * Result types are made driver-independent in SQL (pg returns bigint and numeric as strings,
 * PGlite returns bigint as a number):
 * - every numeric output (counts included) is cast to float8, a JS number in both drivers, exact
 *   for integers up to 2^53; integer dimensions stay int4 (also a number in both);
 * - dates and timestamps come out as ISO text via to_char (`YYYY-MM-DD`, or
 *   `YYYY-MM-DDTHH:MM:SS` for timestamps and sub-day buckets), so no driver or server time zone
 *   shifts them;
 * - text and boolean are returned as they are.
 * The statement fetches `limit + 1` rows and adds `__total` (count(*) OVER (), the number of
 * result rows before LIMIT, float8) to every row: the caller strips `__total`, reads totalRows
 * from it and sets `truncated` when more than `limit` rows came back.
 */

export const TOTAL_COLUMN = '__total';
export const DEFAULT_SCHEMA = 'warehouse';

export interface OutputColumn {
  name: string;
  label: string;
  type: SqlType;
  role: 'time' | 'dimension' | 'measure';
}

export interface CompiledInsight {
  text: string;
  values: unknown[];
  columns: OutputColumn[];
  /** Rows the caller should return; the statement fetches one more to detect truncation. */
  limit: number;
  resolved: ResolvedQuery;
  /** The absolute time ranges used (null without a range), for narratives and the UI. */
  ranges: { current: AbsoluteRange; previous: AbsoluteRange | null; shift: PeriodShift | null } | null;
}

export interface CompileOptions {
  /** The dataset's latest time (ISO): the anchor of `last N units` ranges with anchor `data`. */
  anchor?: string | null;
  /** Injected clock: the anchor of `now` ranges and the fallback when the data has no latest time. */
  now: Date;
  /** Most rows a query may return; a larger `limit` is refused. */
  maxRows: number;
  /** Warehouse schema; default `warehouse`. */
  schema?: string;
  /**
   * Add `__total` (default true). A streamed read leaves it out: a window over the whole result
   * makes the server finish the query before the first row, and the reader counts rows itself.
   */
  countTotal?: boolean;
}

// Grains come from a fixed enum; these literals are written here, so no grain text is ever spliced.
const GRAIN_LITERAL: Record<Grain, SqlFragment> = {
  minute: sql`'minute'`,
  hour: sql`'hour'`,
  day: sql`'day'`,
  week: sql`'week'`,
  month: sql`'month'`,
  quarter: sql`'quarter'`,
  year: sql`'year'`,
};

const fmtDate = (e: SqlFragment): SqlFragment => sql`to_char(${e}, 'YYYY-MM-DD')`;
const fmtTimestamp = (e: SqlFragment): SqlFragment => sql`to_char(${e}, 'YYYY-MM-DD"T"HH24:MI:SS')`;
const SUB_DAY: ReadonlySet<Grain> = new Set(['minute', 'hour']);

/** A column or expression converted to its driver-independent output form (see file comment). */
function outputExpr(e: SqlFragment, type: SqlType): SqlFragment {
  switch (type) {
    case 'date':
      return fmtDate(e);
    case 'timestamp':
      return fmtTimestamp(e);
    case 'bigint':
    case 'numeric':
    case 'double':
      return sql`(${e})::float8`;
    case 'integer':
    case 'boolean':
    case 'text':
      return e;
    default:
      return assertNever(type, 'column type');
  }
}

/** The type a dimension has in the result (after outputExpr). */
const dimensionOutputType = (t: SqlType): SqlType => (t === 'bigint' || t === 'numeric' ? 'double' : t);

/** The measure's aggregate; `only` restricts the rows it reads (a FILTER clause, for a contrast's side). */
function aggregateExpr(m: ResolvedMeasure, only: SqlFragment | null = null): SqlFragment {
  const c = m.column ? ident(m.column.name) : null;
  const need = (): SqlFragment => {
    if (!c) throw badInput(`aggregation '${m.agg}' needs a column`);
    return c;
  };
  const f = only ? sql` FILTER (WHERE ${only})` : sql``;
  switch (m.agg) {
    case 'count':
      return c ? sql`count(${c})${f}::float8` : sql`count(*)${f}::float8`;
    case 'count_distinct':
      return sql`count(DISTINCT ${need()})${f}::float8`;
    case 'sum':
      return sql`sum(${need()})${f}::float8`;
    case 'avg':
      return sql`avg(${need()})${f}::float8`;
    case 'stddev':
      return sql`stddev_samp(${need()})${f}::float8`;
    case 'median':
      return sql`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${need()})${f}::float8`;
    case 'percentile':
      return sql`percentile_cont(${value(m.percentile)}::float8) WITHIN GROUP (ORDER BY ${need()})${f}::float8`;
    case 'min':
    case 'max': {
      const agg = m.agg === 'min' ? sql`min(${need()})${f}` : sql`max(${need()})${f}`;
      return m.outputType === 'double' ? sql`${agg}::float8` : outputExpr(agg, m.outputType);
    }
    default:
      return assertNever(m.agg, 'aggregation');
  }
}

/** A measure's select items: itself (and its share of all groups' total), or under a contrast its two sides, their difference and the % change. */
function measureItems(m: ResolvedMeasure, c: ResolvedContrast | null, share = false): SqlFragment[] {
  // The window runs over the groups after GROUP BY and HAVING, before LIMIT: a share of every group's total.
  if (!c && share) return [sql`${aggregateExpr(m)} AS ${ident(m.name)}`, sql`100 * ${aggregateExpr(m)} / NULLIF(sum(${aggregateExpr(m)}) OVER (), 0) AS ${ident(m.name + SHARE_SUFFIX)}`];
  if (!c) return [sql`${aggregateExpr(m)} AS ${ident(m.name)}`];
  const a = aggregateExpr(m, sideCondition(c.column, c.a));
  const b = aggregateExpr(m, sideCondition(c.column, c.b));
  const [sa, sb, sd, sp] = CONTRAST_SUFFIXES;
  return [
    sql`${a} AS ${ident(m.name + sa)}`,
    sql`${b} AS ${ident(m.name + sb)}`,
    sql`${a} - ${b} AS ${ident(m.name + sd)}`,
    sql`100 * (${a} - ${b}) / NULLIF(abs(${b}), 0) AS ${ident(m.name + sp)}`,
  ];
}

/**
 * date_trunc over the time column; a date column is cast to timestamp so no time zone is involved.
 * Decades and centuries are the first year as an integer (yearBucket.ts), not date_trunc's
 * century, which starts in 1901.
 */
function bucketExpr(col: CatalogColumn, grain: TimeGrain, shift: SqlFragment | null): SqlFragment {
  let t = col.type === 'date' ? sql`${ident(col.name)}::timestamp` : ident(col.name);
  if (shift) t = sql`${t} + ${shift}`;
  if (isYearBucket(grain)) return timeYearBucketExpr(t, grain);
  return sql`date_trunc(${GRAIN_LITERAL[grain]}, ${t})`;
}

const bucketOutput = (e: SqlFragment, grain: TimeGrain): SqlFragment => (isYearBucket(grain) ? e : SUB_DAY.has(grain) ? fmtTimestamp(e) : fmtDate(e));

/** The output type of a grain's bucket: a year number for decades and centuries, else a date or timestamp. */
const bucketType = (grain: TimeGrain): SqlType => (isYearBucket(grain) ? 'integer' : SUB_DAY.has(grain) ? 'timestamp' : 'date');

/** The grouping key of the time column: a grain bucket or a date part (null when neither). */
function timeKeyExpr(t: ResolvedTime, shift: SqlFragment | null): SqlFragment | null {
  if (t.grain) return bucketExpr(t.column, t.grain, shift);
  if (t.by) return partExpr(t.column, t.by, shift);
  return null;
}

/** A bucket comes out as ISO text; a date part is already an int4. */
const timeKeyOutput = (e: SqlFragment, t: ResolvedTime): SqlFragment => (t.grain ? bucketOutput(e, t.grain) : e);

/** Range and date-part conditions on the time column. */
const timeConditions = (t: ResolvedTime | null, range: AbsoluteRange | null): SqlFragment[] =>
  t ? [...(range ? rangeCondition(t.column, range) : []), ...partConditions(t.column, t.parts)] : [];

function rangeCondition(col: CatalogColumn, r: AbsoluteRange): SqlFragment[] {
  const out: SqlFragment[] = [];
  if (r.from) out.push(sql`${ident(col.name)} >= ${value(r.from)}::timestamp`);
  if (r.to) out.push(sql`${ident(col.name)} < ${value(r.to)}::timestamp`);
  return out;
}

const whereClause = (conds: SqlFragment[], indent = false): SqlFragment =>
  conds.length ? (indent ? sql`\n  WHERE ${join(conds, ' AND ')}` : sql`\nWHERE ${join(conds, ' AND ')}`) : sql``;

function orderClause(rq: ResolvedQuery): SqlFragment {
  const items: { field: string; desc: boolean }[] = rq.orderBy.map((o) => ({ field: o.field, desc: o.direction === 'desc' }));
  const key = timeOutputName(rq.time) ?? rq.yearBucket?.size ?? null;
  if (!items.length) {
    if (key) items.push({ field: key, desc: false });
    else if (rq.dimensions.length && rq.measures.length) items.push({ field: rq.measures[0]!.name + (rq.contrast ? CONTRAST_SUFFIXES[2] : ''), desc: true });
  }
  // Tie-breakers on the grouping columns keep LIMIT deterministic.
  for (const f of [...(key ? [key] : []), ...rq.dimensions.map((d) => d.name)]) {
    if (!items.some((i) => i.field === f)) items.push({ field: f, desc: false });
  }
  if (!items.length) return sql``;
  return sql`\nORDER BY ${join(items.map((i) => (i.desc ? sql`${ident(i.field)} DESC NULLS LAST` : sql`${ident(i.field)} ASC`)), ', ')}`;
}

function outputColumns(rq: ResolvedQuery, ds: CatalogDataset): OutputColumn[] {
  const cols: OutputColumn[] = [];
  if (rq.time?.grain) {
    const g = rq.time.grain;
    cols.push({ name: g, label: `${rq.time.column.label} (${g})`, type: bucketType(g), role: 'time' });
  } else if (rq.yearBucket) {
    const b = rq.yearBucket;
    cols.push({ name: b.size, label: `${b.column.label} (${b.size})`, type: 'integer', role: 'time' });
  } else if (rq.time?.by) {
    cols.push({ name: timeOutputName(rq.time)!, label: `${rq.time.column.label} (${PART_LABEL[rq.time.by]})`, type: 'integer', role: 'time' });
  }
  for (const d of rq.dimensions) cols.push({ name: d.name, label: d.label, type: dimensionOutputType(d.type), role: 'dimension' });
  if (rq.countGroups) return [{ name: GROUP_COUNT, label: `number of ${[...cols.map((c) => c.label), ...rq.dimensions.map((d) => d.label)].join(' and ')} groups`, type: 'double', role: 'measure' }];
  for (const m of rq.measures) {
    const label = measureLabel({ agg: m.agg, column: m.column?.name ?? null, percentile: m.percentile }, ds);
    if (rq.contrast) {
      const { a, b } = rq.contrast;
      const [sa, sb, sd, sp] = CONTRAST_SUFFIXES;
      cols.push({ name: m.name + sa, label: `${label} (${a.label})`, type: m.outputType, role: 'measure' });
      cols.push({ name: m.name + sb, label: `${label} (${b.label})`, type: m.outputType, role: 'measure' });
      cols.push({ name: m.name + sd, label: `difference in ${label} (${a.label} − ${b.label})`, type: 'double', role: 'measure' });
      cols.push({ name: m.name + sp, label: `% change in ${label} from ${b.label} to ${a.label}`, type: 'double', role: 'measure' });
      continue;
    }
    cols.push({ name: m.name, label, type: m.outputType, role: 'measure' });
    if (rq.share) cols.push({ name: m.name + SHARE_SUFFIX, label: `share of ${label} (%)`, type: 'double', role: 'measure' });
    if (rq.compare) {
      const period = rq.compare === 'previous_period' ? 'previous period' : 'same period last year';
      cols.push({ name: `${m.name}_previous`, label: `${label} (${period})`, type: 'double', role: 'measure' });
      cols.push({ name: `${m.name}_delta`, label: `change in ${label}`, type: 'double', role: 'measure' });
      cols.push({ name: `${m.name}_pct_change`, label: `% change in ${label}`, type: 'double', role: 'measure' });
    }
  }
  return cols;
}

const total = sql`count(*) OVER ()::float8 AS ${ident(TOTAL_COLUMN)}`;

function plainStatement(rq: ResolvedQuery, table: SqlFragment, range: AbsoluteRange | null, limitPlusOne: number, countTotal: boolean): SqlFragment {
  const select: SqlFragment[] = [];
  const groupBy: SqlFragment[] = [];
  const t = rq.time;
  const key = t ? (t.grain && datesArePeriods(t.column, t.grain) ? ident(t.column.name) : timeKeyExpr(t, null)) : null;
  if (t && key) {
    select.push(sql`${timeKeyOutput(key, t)} AS ${ident(timeOutputName(t)!)}`);
    groupBy.push(key);
  }
  if (rq.yearBucket) {
    const yb = yearBucketExpr(ident(rq.yearBucket.column.name), rq.yearBucket.size);
    select.push(sql`${yb} AS ${ident(rq.yearBucket.size)}`);
    groupBy.push(yb);
  }
  for (const d of rq.dimensions) {
    select.push(sql`${outputExpr(ident(d.name), d.type)} AS ${ident(d.name)}`);
    groupBy.push(ident(d.name));
  }
  for (const m of rq.measures) select.push(...measureItems(m, rq.contrast, rq.share));
  const where = [...timeConditions(t, range), ...(rq.filter ? [compileFilter(rq.filter)] : []), ...(rq.contrast ? [eitherSide(rq.contrast)] : [])];
  const group = groupBy.length ? sql`\nGROUP BY ${join(groupBy, ', ')}` : sql``;
  const having = havingClause(rq.having, (m) => aggregateExpr(m));
  if (rq.countGroups) {
    // The groups themselves (a constant stands in when the query has no measure), counted outside.
    const inner = sql`SELECT ${join(select.length ? select : [sql`1`], ', ')}\nFROM ${table}${whereClause(where)}${group}${having}`;
    return sql`SELECT count(*)::float8 AS ${ident(GROUP_COUNT)}${countTotal ? sql`, ${total}` : sql``}\nFROM (${inner}) AS ${ident('g')}\nLIMIT ${value(limitPlusOne)}`;
  }
  if (rq.focus) {
    // The shares are of every group; only the groups asked about are kept, outside.
    const inner = sql`SELECT ${join(select, ', ')}\nFROM ${table}${whereClause(where)}${group}${having}`;
    return sql`SELECT ${ident('s')}.*${countTotal ? sql`, ${total}` : sql``}\nFROM (${inner}) AS ${ident('s')}\nWHERE ${compileFilter(rq.focus)}${orderClause(rq)}\nLIMIT ${value(limitPlusOne)}`;
  }
  if (countTotal) select.push(total);
  return sql`SELECT ${join(select, ', ')}\nFROM ${table}${whereClause(where)}${group}${having}${orderClause(rq)}\nLIMIT ${value(limitPlusOne)}`;
}

const BUCKET = '__bucket';

// Each period is aggregated in its own CTE; the previous period's rows are moved forward by the
// period's length before bucketing, so each previous bucket joins the current bucket it matches.
function periodCte(rq: ResolvedQuery, table: SqlFragment, r: { from: string; to: string }, shift: SqlFragment | null): SqlFragment {
  const t = rq.time!;
  const select: SqlFragment[] = [];
  const key = timeKeyExpr(t, shift);
  if (key) select.push(sql`${key} AS ${ident(BUCKET)}`);
  for (const d of rq.dimensions) select.push(ident(d.name));
  for (const m of rq.measures) select.push(sql`${aggregateExpr(m)} AS ${ident(m.name)}`);
  const nGroup = (key ? 1 : 0) + rq.dimensions.length;
  // Part filters read the unshifted time: "Decembers" means the rows' own Decembers in both periods.
  const where = [...timeConditions(t, r), ...(rq.filter ? [compileFilter(rq.filter)] : [])];
  const group = nGroup ? sql`\n  GROUP BY ${join(Array.from({ length: nGroup }, (_, i) => raw(String(i + 1))), ', ')}` : sql``;
  return sql`SELECT ${join(select, ', ')}\n  FROM ${table}${whereClause(where, true)}${group}`;
}

function compareStatement(rq: ResolvedQuery, table: SqlFragment, cr: ReturnType<typeof comparisonRanges>, limitPlusOne: number, countTotal: boolean): SqlFragment {
  const t = rq.time!;
  const cur = periodCte(rq, table, cr.current, null);
  const prev = periodCte(rq, table, cr.previous, sql`${value(shiftToInterval(cr.shift))}::interval`);
  const c = (n: string): SqlFragment => ident('c', n);
  const p = (n: string): SqlFragment => ident('p', n);
  const select: SqlFragment[] = [];
  const on: SqlFragment[] = [];
  const keyName = timeOutputName(t);
  if (keyName) {
    select.push(sql`${timeKeyOutput(c(BUCKET), t)} AS ${ident(keyName)}`);
    on.push(sql`${c(BUCKET)} = ${p(BUCKET)}`);
  }
  for (const d of rq.dimensions) {
    select.push(sql`${outputExpr(c(d.name), d.type)} AS ${ident(d.name)}`);
    on.push(sql`${c(d.name)} IS NOT DISTINCT FROM ${p(d.name)}`);
  }
  for (const m of rq.measures) {
    const n = m.name;
    select.push(sql`${c(n)} AS ${ident(n)}`);
    select.push(sql`${p(n)} AS ${ident(`${n}_previous`)}`);
    select.push(sql`${c(n)} - ${p(n)} AS ${ident(`${n}_delta`)}`);
    select.push(sql`100 * (${c(n)} - ${p(n)}) / NULLIF(abs(${p(n)}), 0) AS ${ident(`${n}_pct_change`)}`);
  }
  if (countTotal) select.push(total);
  const onClause = on.length ? join(on, ' AND ') : sql`true`;
  return sql`WITH ${ident('current')} AS (\n  ${cur}\n), ${ident('previous')} AS (\n  ${prev}\n)\nSELECT ${join(select, ', ')}\nFROM ${ident('current')} AS ${ident('c')} LEFT JOIN ${ident('previous')} AS ${ident('p')} ON ${onClause}${orderClause(rq)}\nLIMIT ${value(limitPlusOne)}`;
}

function effectiveLimit(q: InsightQuery, maxRows: number): number {
  if (q.limit != null && q.limit > maxRows) throw badInput(`limit ${q.limit} is above the maximum of ${maxRows} rows`, { limit: q.limit, maxRows });
  return q.limit ?? Math.min(DEFAULT_LIMIT, maxRows);
}

/** Validates `q` against the catalog and compiles it into one parameterized statement. */
export function compileInsight(q: InsightQuery, ds: CatalogDataset, opts: CompileOptions): CompiledInsight {
  const rq = resolveQuery(q, ds);
  const limit = effectiveLimit(q, opts.maxRows);
  const countTotal = opts.countTotal ?? true;
  const table = ident(opts.schema ?? DEFAULT_SCHEMA, ds.tableName);
  const t = rq.time;
  let ranges: CompiledInsight['ranges'] = null;
  let stmt: SqlFragment;
  if (t?.range) {
    const anchor = t.range.anchor === 'now' ? opts.now : (opts.anchor ?? t.column.stats?.maxTime ?? opts.now);
    const current = resolveTimeRange(t.range, anchor);
    if (rq.compare) {
      const cr = comparisonRanges(t.range, current, rq.compare);
      ranges = { current, previous: cr.previous, shift: cr.shift };
      stmt = compareStatement(rq, table, cr, limit + 1, countTotal);
    } else {
      ranges = { current, previous: null, shift: null };
      stmt = plainStatement(rq, table, current, limit + 1, countTotal);
    }
  } else {
    stmt = plainStatement(rq, table, null, limit + 1, countTotal);
  }
  const { text, values } = compileSql(stmt);
  return { text, values, columns: outputColumns(rq, ds), limit, resolved: rq, ranges };
}
