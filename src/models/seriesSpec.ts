import { z } from 'zod';
import type { CatalogColumn, CatalogDataset, Grain } from '../shared/catalog.js';
import { GRAINS, isTimeType, primaryTimeColumn } from '../shared/catalog.js';
import { AppError, ErrorCode, badInput } from '../shared/errors.js';
import { didYouMean } from '../shared/suggest.js';
import { AGGREGATIONS, timeRangeSchema, type Aggregation, type Filter, type InsightQuery, type ScalarValue, type TimeRange } from '../insights/insightQuery.js';

/**
 * What a model reads: a measure aggregated at a grain, optionally for one segment (rows where a
 * dimension has one value), over a time range. This file is pure: it validates the request and
 * resolves its defaults against the catalog; seriesService.ts runs the resulting InsightQuery.
 */

/** Longest series a model is given; finer grains over long ranges are refused with a hint. */
export const MAX_SERIES_PERIODS = 20_000;
/** The default grain is coarsened until the series has at most this many periods. */
export const DEFAULT_TARGET_PERIODS = 5_000;

const name = z.string().min(1).max(200);
const scalar = z.union([z.string().max(10_000), z.number().finite(), z.boolean()]);

export const seriesSpecSchema = z
  .object({
    dataset: name,
    /** Measure column; absent only for `count` (rows per period). */
    measure: name.nullish(),
    agg: z.enum(AGGREGATIONS).default('avg'),
    percentile: z.number().gt(0).lt(1).nullish(),
    grain: z.enum(GRAINS).nullish(),
    timeColumn: name.nullish(),
    segmentBy: name.nullish(),
    segment: scalar.nullish(),
    range: timeRangeSchema.nullish(),
  })
  .strict();
export type SeriesSpecInput = z.input<typeof seriesSpecSchema>;
export type SeriesSpec = z.infer<typeof seriesSpecSchema>;

/** A request with every default decided: the time column and grain are named. */
export interface ResolvedSeriesSpec {
  dataset: string;
  measure: string | null;
  agg: Aggregation;
  percentile: number | null;
  grain: Grain;
  timeColumn: string;
  segmentBy: string | null;
  segment: ScalarValue | null;
  range: TimeRange | null;
  /** Human label of the measure, e.g. "average temp (°C)" → used in sentences. */
  label: string;
  /** How periods without rows are filled: 0 for counts and sums (nothing happened), null otherwise. */
  emptyPeriods: 'zero' | 'null';
}

/** Validates an untrusted series request; BAD_INPUT naming the first bad field. */
export function parseSeriesSpec(input: unknown): SeriesSpec {
  const r = seriesSpecSchema.safeParse(input);
  if (r.success) {
    const s = r.data;
    if (!s.measure && s.agg !== 'count') throw badInput(`aggregation '${s.agg}' needs a measure column`);
    if (s.agg === 'percentile' && s.percentile == null) throw badInput("aggregation 'percentile' needs 'percentile' (a fraction such as 0.9)");
    if (s.segment != null && !s.segmentBy) throw badInput("'segment' needs 'segmentBy' (the dimension the segment value belongs to)");
    return s;
  }
  const issue = r.error.issues[0]!;
  const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
  throw badInput(`invalid series input${where}: ${issue.message}`, { path: issue.path.map(String) });
}

function column(ds: CatalogDataset, n: string, what: string): CatalogColumn {
  const lc = n.toLowerCase();
  const c = ds.columns.find((x) => x.name === n) ?? ds.columns.find((x) => x.name.toLowerCase() === lc || x.label.toLowerCase() === lc);
  if (!c) {
    throw new AppError(ErrorCode.UNKNOWN_COLUMN, `${what} '${n}' is not a column of ${ds.name}${didYouMean(n, ds.columns.map((x) => x.name))}`, { column: n, dataset: ds.name });
  }
  return c;
}

const APPROX_MS: Record<Grain, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30.44 * 86_400_000,
  quarter: 91.31 * 86_400_000,
  year: 365.25 * 86_400_000,
};

/** Rough number of periods of `grain` between two ISO instants (for choosing grains and chunk sizes). */
export function estimatePeriods(from: string | null, to: string | null, grain: Grain): number | null {
  if (!from || !to) return null;
  const a = Date.parse(from.length === 10 ? `${from}T00:00:00Z` : from);
  const b = Date.parse(to.length === 10 ? `${to}T00:00:00Z` : to);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  return Math.floor(Math.abs(b - a) / APPROX_MS[grain]) + 1;
}

/** The finest grain at or above `start` whose series has at most `target` periods. */
export function chooseGrain(start: Grain, minTime: string | null, maxTime: string | null, target = DEFAULT_TARGET_PERIODS): Grain {
  for (let i = GRAINS.indexOf(start); i < GRAINS.length; i++) {
    const g = GRAINS[i]!;
    const n = estimatePeriods(minTime, maxTime, g);
    if (n === null || n <= target) return g;
  }
  return 'year';
}

const label = (agg: Aggregation, c: CatalogColumn | null): string => (c ? `${agg === 'avg' ? 'average' : agg} ${c.label}` : 'row count');

/** Resolves the time column, grain and segment column of a request against the dataset's catalog. */
export function resolveSeriesSpec(spec: SeriesSpec, ds: CatalogDataset): ResolvedSeriesSpec {
  const time = spec.timeColumn ? column(ds, spec.timeColumn, 'time column') : primaryTimeColumn(ds);
  if (!time) throw badInput(`dataset ${ds.name} has no date or time column, so it has no series to model`);
  if (!isTimeType(time.type)) throw new AppError(ErrorCode.TYPE_MISMATCH, `time column '${time.name}' is ${time.type}, not a date or timestamp`, { column: time.name });
  const measure = spec.measure ? column(ds, spec.measure, 'measure') : null;
  const segmentBy = spec.segmentBy ? column(ds, spec.segmentBy, 'segmentBy') : null;
  if (segmentBy && segmentBy.name === time.name) throw badInput(`segmentBy '${segmentBy.name}' is the time column; segment by a dimension instead`);
  let grain = spec.grain ?? null;
  if (!grain) {
    const detected = time.stats?.grain ?? 'day';
    const floor: Grain = time.type === 'date' && (detected === 'hour' || detected === 'minute') ? 'day' : detected;
    grain = chooseGrain(floor, time.stats?.minTime ?? null, time.stats?.maxTime ?? null);
  }
  if (time.type === 'date' && (grain === 'hour' || grain === 'minute')) {
    throw badInput(`grain '${grain}' is finer than date column '${time.name}'; use day or coarser`, { grain, column: time.name });
  }
  const span = spec.range?.from || spec.range?.to ? null : estimatePeriods(time.stats?.minTime ?? null, time.stats?.maxTime ?? null, grain);
  if (span !== null && span > MAX_SERIES_PERIODS) {
    throw badInput(`the ${ds.name} series at grain ${grain} would have about ${span} periods, more than the ${MAX_SERIES_PERIODS} a model takes; choose a coarser grain or a shorter range`, { grain, periods: span });
  }
  const additive = spec.agg === 'count' || spec.agg === 'count_distinct' || spec.agg === 'sum';
  return {
    dataset: ds.name,
    measure: measure?.name ?? null,
    agg: spec.agg,
    percentile: spec.percentile ?? null,
    grain,
    timeColumn: time.name,
    segmentBy: segmentBy?.name ?? null,
    segment: spec.segment ?? null,
    range: spec.range ?? null,
    label: label(spec.agg, measure),
    emptyPeriods: additive ? 'zero' : 'null',
  };
}

/** Output names of the series query; chosen so they cannot collide with the segment column. */
export function outputNames(r: ResolvedSeriesSpec): { value: string; rows: string } {
  let value = 'series_value';
  let rows = 'series_rows';
  while (value === r.segmentBy || rows === r.segmentBy) {
    value += '_';
    rows += '_';
  }
  return { value, rows };
}

/** The filter that restricts rows to one segment, or to a list of segments. */
export function segmentFilter(r: ResolvedSeriesSpec, values: readonly ScalarValue[] | null): Filter | null {
  if (!r.segmentBy) return null;
  if (values) return { column: r.segmentBy, op: 'in', values: [...values] };
  if (r.segment === null) return null;
  return { column: r.segmentBy, op: 'eq', value: r.segment };
}

/**
 * The InsightQuery behind a series: value and row count per period (per segment when `segments`
 * is given). `limit` is left out for the public form, so a client can run it through `insight`.
 */
export function seriesQuery(r: ResolvedSeriesSpec, opts: { segments?: readonly ScalarValue[]; limit?: number; withRows?: boolean } = {}): InsightQuery {
  const names = outputNames(r);
  const measures: InsightQuery['measures'] = [{ column: r.measure, agg: r.agg, percentile: r.percentile, as: names.value }];
  if (opts.withRows !== false) measures.push({ agg: 'count', as: names.rows });
  const filter = segmentFilter(r, opts.segments ?? null);
  return {
    dataset: r.dataset,
    measures,
    dimensions: opts.segments && r.segmentBy ? [r.segmentBy] : [],
    time: { column: r.timeColumn, grain: r.grain, range: r.range },
    filter,
    orderBy: [],
    ...(opts.limit ? { limit: opts.limit } : {}),
  };
}
