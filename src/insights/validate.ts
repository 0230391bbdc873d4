import { GRAINS, isNumericType, isTimeType, primaryTimeColumn, type CatalogColumn, type CatalogDataset, type Grain, type SqlType } from '../shared/catalog.js';
import { AppError, ErrorCode, badInput } from '../shared/errors.js';
import { closest } from '../shared/suggest.js';
import { findColumn } from './columnLookup.js';
import { PART_OUTPUT_NAME, SUB_DAY_PARTS, partValueProblem, type DatePart } from './datePart.js';
import { checkOperator, coerceFilterValue, type FilterValue } from './filterValues.js';
import { resolveContrast, type ResolvedContrast } from './contrast.js';
import { resolveHaving, type ResolvedHaving } from './having.js';
import { CONTRAST_SUFFIXES, measureName, type Aggregation, type CompareMode, type Filter, type FilterOp, type InsightQuery, type TimeGrain, type TimeRange } from './insightQuery.js';
import { isYearBucket, resolveYearBucket, type ResolvedYearBucket } from './yearBucket.js';

/**
 * Checks an InsightQuery against the catalog and returns it with every name bound to a catalog
 * column. After this step nothing the client wrote is used as SQL text except output names,
 * which only ever appear as quoted identifiers.
 */

export interface ResolvedMeasure {
  /** Output column name. */
  name: string;
  agg: Aggregation;
  /** Null for count of rows. */
  column: CatalogColumn | null;
  /** Fraction for `percentile`, else null. */
  percentile: number | null;
  /** Type of the output value (see compile.ts for the driver-independent casts). */
  outputType: SqlType;
}

export interface ResolvedCondition {
  column: CatalogColumn;
  op: FilterOp;
  /** Coerced to the column's type; empty for is_null / not_null, one item for single-value ops. */
  values: FilterValue[];
}

export type ResolvedFilter = { and: ResolvedFilter[] } | { or: ResolvedFilter[] } | { not: ResolvedFilter } | { cond: ResolvedCondition };

export interface ResolvedPartFilter {
  part: DatePart;
  /** Distinct, in range, ascending. */
  values: number[];
}

export interface ResolvedTime {
  column: CatalogColumn;
  /** A calendar grain, or 'decade' / 'century' (an integer first year, yearBucket.ts). */
  grain: TimeGrain | null;
  range: TimeRange | null;
  /** Date-part filters, ANDed; empty when none. */
  parts: ResolvedPartFilter[];
  /** Group by this date part instead of a grain bucket. */
  by: DatePart | null;
}

/** The output name of the query's time column: the grain (a bucket) or the part's name, or null. */
export function timeOutputName(t: Pick<ResolvedTime, 'grain' | 'by'> | null): string | null {
  if (t?.grain) return t.grain;
  if (t?.by) return PART_OUTPUT_NAME[t.by];
  return null;
}

export interface ResolvedOrder {
  field: string;
  direction: 'asc' | 'desc';
  kind: 'measure' | 'dimension' | 'time';
}

export interface ResolvedQuery {
  dataset: CatalogDataset;
  measures: ResolvedMeasure[];
  dimensions: CatalogColumn[];
  time: ResolvedTime | null;
  filter: ResolvedFilter | null;
  orderBy: ResolvedOrder[];
  limit: number | null;
  compare: CompareMode | null;
  /** Group filters on measures (HAVING), ANDed; empty when none. */
  having: ResolvedHaving[];
  /** One row: the number of groups the query yields. */
  countGroups: boolean;
  contrast: ResolvedContrast | null;
  /** Decade or century of a year column, grouped like the time bucket; its output is named after the size. */
  yearBucket: ResolvedYearBucket | null;
  /** Each measure also as its percent of the total over all groups (`<measure>_pct`). */
  share: boolean;
  /** Only these groups are returned, after the shares are computed: a condition on a dimension's output. */
  focus: ResolvedFilter | null;
}

/** Suffix of a measure's share of the total. */
export const SHARE_SUFFIX = '_pct';

/** Output column of a `countGroups` query. */
export const GROUP_COUNT = 'group_count';

const NEEDS_NUMBER: ReadonlySet<Aggregation> = new Set(['sum', 'avg', 'median', 'percentile', 'stddev']);
/** Suffixes of the extra columns a comparison adds to every measure. */
export const COMPARE_SUFFIXES = ['_previous', '_delta', '_pct_change'] as const;
/** Output names starting with this are reserved for bookkeeping columns (`__total`). */
export const RESERVED_PREFIX = '__';
const MAX_FILTER_DEPTH = 32;
const GRAIN_SET: ReadonlySet<string> = new Set<Grain>(GRAINS);
const MAX_NAME_BYTES = 63;

function resolveMeasure(ds: CatalogDataset, m: InsightQuery['measures'][number]): ResolvedMeasure {
  if (m.agg === 'count' && !m.column) {
    return { name: measureName(m), agg: 'count', column: null, percentile: null, outputType: 'double' };
  }
  if (!m.column) throw badInput(`aggregation '${m.agg}' needs a column`);
  const column = findColumn(ds, m.column, 'measure column');
  const name = measureName({ ...m, column: column.name });
  if (NEEDS_NUMBER.has(m.agg) && !isNumericType(column.type)) {
    throw new AppError(ErrorCode.TYPE_MISMATCH, `aggregation '${m.agg}' needs a numeric column; '${column.name}' is ${column.type}`, {
      column: column.name,
      type: column.type,
      agg: m.agg,
    });
  }
  if ((m.agg === 'min' || m.agg === 'max') && column.type === 'boolean') {
    throw new AppError(ErrorCode.TYPE_MISMATCH, `aggregation '${m.agg}' needs a number, date or text column; '${column.name}' is boolean`, {
      column: column.name,
      type: column.type,
      agg: m.agg,
    });
  }
  let percentile: number | null = null;
  if (m.agg === 'percentile') {
    if (m.percentile == null || !(m.percentile > 0 && m.percentile < 1)) throw badInput(`aggregation 'percentile' on '${column.name}' needs 'percentile' between 0 and 1 (exclusive)`);
    percentile = m.percentile;
  }
  const outputType: SqlType = (m.agg === 'min' || m.agg === 'max') && !isNumericType(column.type) ? column.type : 'double';
  return { name, agg: m.agg, column, percentile, outputType };
}

function resolveCondition(ds: CatalogDataset, c: Extract<Filter, { op: FilterOp }>): ResolvedCondition {
  const column = findColumn(ds, c.column, 'filter column');
  checkOperator(column, c.op);
  switch (c.op) {
    case 'is_null':
    case 'not_null':
      return { column, op: c.op, values: [] };
    case 'in':
    case 'not_in':
    case 'between': {
      const vs = c.values ?? [];
      if (vs.length === 0) throw badInput(`filter '${c.op}' on '${column.name}' needs 'values'`);
      if (c.op === 'between' && vs.length !== 2) throw badInput(`filter 'between' on '${column.name}' needs exactly 2 values`);
      if (vs.some((v) => v == null)) throw badInput(`filter '${c.op}' on '${column.name}' has a null in 'values'; use is_null`);
      return { column, op: c.op, values: vs.map((v) => coerceFilterValue(column, v)) };
    }
    default:
      if (c.value == null) throw badInput(`filter '${c.op}' on '${column.name}' needs a 'value'`);
      return { column, op: c.op, values: [coerceFilterValue(column, c.value)] };
  }
}

function resolveFilter(ds: CatalogDataset, f: Filter, depth: number): ResolvedFilter {
  if (depth > MAX_FILTER_DEPTH) throw badInput(`filter is nested deeper than ${MAX_FILTER_DEPTH} levels`);
  if ('and' in f) return { and: f.and.map((x) => resolveFilter(ds, x, depth + 1)) };
  if ('or' in f) return { or: f.or.map((x) => resolveFilter(ds, x, depth + 1)) };
  if ('not' in f) return { not: resolveFilter(ds, f.not, depth + 1) };
  return { cond: resolveCondition(ds, f) };
}

function resolveParts(t: NonNullable<InsightQuery['time']>, column: CatalogColumn): ResolvedPartFilter[] {
  return (t.parts ?? []).map((p, i) => {
    const bad = partValueProblem(p.part, p.values);
    if (bad) throw badInput(`time.parts.${i}.values.${bad.index}: ${bad.message}`, { path: ['time', 'parts', String(i), 'values', String(bad.index)] });
    if (column.type === 'date' && SUB_DAY_PARTS.has(p.part)) {
      throw badInput(`time.parts.${i}: part '${p.part}' is finer than date column '${column.name}'`, { path: ['time', 'parts', String(i), 'part'] });
    }
    return { part: p.part, values: [...new Set(p.values)].sort((a, b) => a - b) };
  });
}

function resolveTime(ds: CatalogDataset, q: InsightQuery): ResolvedTime | null {
  const t = q.time;
  if (!t) return null;
  const column = t.column ? findColumn(ds, t.column, 'time column') : primaryTimeColumn(ds);
  const hasParts = (t.parts?.length ?? 0) > 0;
  if (!column) {
    if (!t.grain && !t.range && !hasParts && !t.by) return null;
    const what = t.grain ? `bucketed by ${t.grain}` : t.range ? 'filtered by a time range' : t.by ? `grouped by ${t.by}` : 'filtered by a date part';
    const path = t.grain ? 'grain' : t.range ? 'range' : t.by ? 'by' : 'parts';
    // Grain and range keep their long-standing message; the new fields name their path first.
    const prefix = t.grain || t.range ? '' : `time.${path}: `;
    throw badInput(`${prefix}dataset ${ds.name} has no time column, so it cannot be ${what}`, { path: ['time', path] });
  }
  if (!isTimeType(column.type)) {
    throw new AppError(ErrorCode.TYPE_MISMATCH, `time column '${column.name}' is ${column.type}, not a date or timestamp`, { column: column.name, type: column.type });
  }
  if (t.grain && !isYearBucket(t.grain) && !GRAIN_SET.has(t.grain)) throw badInput(`time.grain: unknown grain '${String(t.grain)}'`, { path: ['time', 'grain'] });
  if (column.type === 'date' && (t.grain === 'hour' || t.grain === 'minute')) {
    throw badInput(`grain '${t.grain}' is finer than date column '${column.name}'; use day or coarser`);
  }
  if (t.by && t.grain) throw badInput("time.by: time takes either 'grain' or 'by', not both", { path: ['time', 'by'] });
  if (t.by && column.type === 'date' && SUB_DAY_PARTS.has(t.by)) {
    throw badInput(`time.by: part '${t.by}' is finer than date column '${column.name}'`, { path: ['time', 'by'] });
  }
  return { column, grain: t.grain ?? null, range: t.range ?? null, parts: resolveParts(t, column), by: t.by ?? null };
}

function checkOutputNames(names: string[]): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (n.startsWith(RESERVED_PREFIX)) throw badInput(`output name '${n}' is reserved (names starting with '${RESERVED_PREFIX}')`);
    if (Buffer.byteLength(n, 'utf8') > MAX_NAME_BYTES) throw badInput(`output name '${n.slice(0, 40)}…' is longer than ${MAX_NAME_BYTES} bytes`);
    if (seen.has(n)) throw badInput(`two output columns are named '${n}'; give a measure a different 'as'`);
    seen.add(n);
  }
}

/** Binds every name in `q` to the catalog and checks types; throws AppError naming the bad part. */
export function resolveQuery(q: InsightQuery, ds: CatalogDataset): ResolvedQuery {
  const measures = (q.measures ?? []).map((m) => resolveMeasure(ds, m));
  const dimensions = (q.dimensions ?? []).map((d) => findColumn(ds, d, 'dimension'));
  const time = resolveTime(ds, q);
  const yearBucket = q.yearBucket ? resolveYearBucket(ds, q.yearBucket) : null;
  if (q.compare && !time?.range) throw badInput("'compare' needs a time range to compare against");
  if (q.compare && measures.length === 0) throw badInput("'compare' needs at least one measure");
  const nonNumeric = q.compare ? measures.find((m) => m.outputType !== 'double') : undefined;
  if (nonNumeric) throw new AppError(ErrorCode.TYPE_MISMATCH, `'compare' needs numeric measures; '${nonNumeric.name}' is ${nonNumeric.outputType}`, { measure: nonNumeric.name });
  if (measures.length === 0 && dimensions.length === 0 && !time?.grain && !time?.by && !yearBucket) throw badInput('a query needs at least one measure, dimension, time grain or date part');
  if (q.limit != null && !(Number.isInteger(q.limit) && q.limit >= 1)) throw badInput(`limit must be a positive integer, got ${q.limit}`);
  checkCombinations(q, dimensions.length > 0 || !!time?.grain || !!time?.by || !!yearBucket, measures.length > 0);
  const contrast = q.contrast ? resolveContrast(ds, q.contrast) : null;

  const bucket = timeOutputName(time) ?? yearBucket?.size ?? null;
  const suffixes: readonly string[] | null = q.compare ? ['', ...COMPARE_SUFFIXES] : contrast ? CONTRAST_SUFFIXES : q.share ? ['', SHARE_SUFFIX] : null;
  const measureNames = measures.flatMap((m) => (suffixes ? suffixes.map((s) => m.name + s) : [m.name]));
  checkOutputNames([...(bucket ? [bucket] : []), ...dimensions.map((d) => d.name), ...measureNames]);

  const orderBy = (q.orderBy ?? []).map((o): ResolvedOrder => {
    const direction = o.direction ?? 'asc';
    if (bucket && o.field === bucket) return { field: bucket, direction, kind: 'time' };
    if (measureNames.includes(o.field)) return { field: o.field, direction, kind: 'measure' };
    const lc = o.field.toLowerCase();
    const dim = dimensions.find((d) => d.name === o.field) ?? dimensions.find((d) => d.name.toLowerCase() === lc || d.label.toLowerCase() === lc);
    if (dim) return { field: dim.name, direction, kind: 'dimension' };
    const candidates = [...(bucket ? [bucket] : []), ...dimensions.map((d) => d.name), ...measureNames];
    const hint = closest(o.field, candidates, 1)[0];
    throw new AppError(ErrorCode.UNKNOWN_COLUMN, `orderBy field '${o.field}' is not an output column of this query${hint ? `; did you mean '${hint}'?` : ''} (choose from ${candidates.map((c) => `'${c}'`).join(', ')})`, {
      field: o.field,
      candidates,
    });
  });

  return {
    dataset: ds,
    measures,
    dimensions,
    time,
    filter: q.filter ? resolveFilter(ds, q.filter, 0) : null,
    orderBy,
    limit: q.limit ?? null,
    compare: q.compare?.to ?? null,
    having: resolveHaving(q.having ?? [], measures),
    countGroups: q.countGroups === true,
    contrast,
    yearBucket,
    share: q.share === true,
    focus: q.focus ? resolveFocus(ds, q, dimensions) : null,
  };
}

/** The focus names a dimension of the query, whose values it keeps. */
function resolveFocus(ds: CatalogDataset, q: InsightQuery, dimensions: readonly CatalogColumn[]): ResolvedFilter {
  const f = q.focus!;
  const column = dimensions.find((d) => d.name === f.column) ?? dimensions.find((d) => d.name.toLowerCase() === f.column.toLowerCase());
  if (!column) throw new AppError(ErrorCode.UNKNOWN_COLUMN, `focus column '${f.column}' is not a dimension of this query (choose from ${dimensions.map((d) => `'${d.name}'`).join(', ') || 'none'})`, { path: ['focus', 'column'], field: f.column });
  return resolveFilter(ds, { column: column.name, op: 'in', values: f.values }, 0);
}

/** Parts of a query that do not combine: each refusal names what to drop. */
function checkCombinations(q: InsightQuery, grouped: boolean, hasMeasures: boolean): void {
  if (q.contrast && q.compare) throw badInput("a query takes either 'compare' or 'contrast', not both", { path: ['contrast'] });
  if (q.contrast && !hasMeasures) throw badInput("'contrast' needs at least one measure", { path: ['contrast'] });
  if (q.having?.length && (q.compare || q.contrast)) throw badInput(`'having' does not combine with '${q.compare ? 'compare' : 'contrast'}'`, { path: ['having'] });
  if (q.countGroups && !grouped) throw badInput("'countGroups' needs groups to count: a dimension, a time grain or a date part", { path: ['countGroups'] });
  if (q.yearBucket && (q.compare || q.time?.grain || q.time?.by)) {
    throw badInput(`'yearBucket' does not combine with '${q.compare ? 'compare' : q.time?.grain ? 'time.grain' : 'time.by'}': it is the query's one time grouping`, { path: ['yearBucket'] });
  }
  if (q.countGroups && (q.compare || q.contrast)) throw badInput(`'countGroups' does not combine with '${q.compare ? 'compare' : 'contrast'}'`, { path: ['countGroups'] });
  if (q.share && (q.compare || q.contrast || q.countGroups)) throw badInput(`'share' does not combine with '${q.compare ? 'compare' : q.contrast ? 'contrast' : 'countGroups'}'`, { path: ['share'] });
  if (q.share && !hasMeasures) throw badInput("'share' needs at least one measure", { path: ['share'] });
  if (q.focus && !q.share) throw badInput("'focus' keeps the groups of a share: it needs 'share'", { path: ['focus'] });
}
