import type { CatalogDataset } from '../shared/catalog.js';
import { badInput } from '../shared/errors.js';
import type { InsightQuery, ScalarValue } from '../insights/insightQuery.js';
import type { InsightService } from '../insights/insightService.js';
import type { CatalogRepository } from '../warehouse/catalogRepository.js';
import { regularize, type RegularSeries } from './series/regularSeries.js';
import {
  MAX_SERIES_PERIODS,
  estimatePeriods,
  outputNames,
  parseSeriesSpec,
  resolveSeriesSpec,
  seriesQuery,
  type ResolvedSeriesSpec,
  type SeriesSpec,
} from './seriesSpec.js';

/** Most segments modelled per request; the rest are named in a note. */
export const MAX_SEGMENTS = 1_000;
/** Rows one series query may bring back (segments are fetched in chunks below it). */
export const SERIES_QUERY_ROWS = 200_000;

/** One regular series read from the warehouse, with what it took to build it. */
export interface ExtractedSeries {
  spec: ResolvedSeriesSpec;
  series: RegularSeries;
  /** Source rows aggregated into the series. */
  rowsUsed: number;
  /** Periods with no value (null) after filling. */
  missing: number;
  /** Periods without rows that were counted as 0 (counts and sums only). */
  zeroFilled: number;
  /** The supporting InsightQuery (runnable through `insight`). */
  query: InsightQuery;
  notes: string[];
}

export interface SegmentSeries {
  spec: ResolvedSeriesSpec;
  segments: { value: ScalarValue; series: ExtractedSeries }[];
  /** Distinct non-null values of the segment column in the range. */
  totalSegments: number;
  notes: string[];
}

type Row = Record<string, unknown>;

/** Builds the regular series of one segment from its rows (bucket, value, row count). */
function buildSeries(rows: readonly Row[], spec: ResolvedSeriesSpec, query: InsightQuery, extraNotes: string[] = []): ExtractedSeries {
  const names = outputNames(spec);
  const g = spec.grain;
  const valuePoints = rows.map((r) => ({ t: String(r[g]), v: r[names.value] == null ? null : Number(r[names.value]) }));
  const rowPoints = rows.map((r) => ({ t: String(r[g]), v: Number(r[names.rows] ?? 0) }));
  const series = regularize(valuePoints, g, 'sum');
  const present = regularize(rowPoints, g, 'sum');
  let zeroFilled = 0;
  let missing = 0;
  let rowsUsed = 0;
  for (const p of rowPoints) rowsUsed += p.v ?? 0;
  const values = series.values.map((v, i) => {
    if (v !== null) return v;
    if (spec.emptyPeriods === 'zero' && present.values[i] == null) {
      zeroFilled++;
      return 0;
    }
    missing++;
    return null;
  });
  if (values.length > MAX_SERIES_PERIODS) {
    throw badInput(`the series has ${values.length} ${g} periods, more than the ${MAX_SERIES_PERIODS} a model takes; choose a coarser grain or a shorter range`);
  }
  const notes = [...extraNotes];
  if (zeroFilled) notes.push(`${zeroFilled} ${g}${zeroFilled === 1 ? '' : 's'} without rows counted as 0`);
  if (missing) notes.push(`${missing} ${g}${missing === 1 ? '' : 's'} without a value left as gaps`);
  return { spec, series: { ...series, values }, rowsUsed, missing, zeroFilled, query, notes };
}

/**
 * Series extraction: every series is an InsightQuery (measure at a time grain, optionally per
 * segment) run by the insight service, then made regular (one value per period, gaps explicit).
 */
export class SeriesService {
  constructor(
    /** An insight service whose row cap fits series queries (SERIES_QUERY_ROWS). */
    private readonly insights: InsightService,
    private readonly catalog: CatalogRepository,
  ) {}

  /** Validates a request and resolves its defaults against the catalog. */
  async resolve(input: unknown): Promise<{ spec: ResolvedSeriesSpec; dataset: CatalogDataset }> {
    const parsed: SeriesSpec = parseSeriesSpec(input);
    const dataset = await this.catalog.getCatalogDataset(parsed.dataset);
    return { spec: resolveSeriesSpec(parsed, dataset), dataset };
  }

  /** One series: the whole dataset, or one segment when `segment` is set. */
  async extract(spec: ResolvedSeriesSpec, ds: CatalogDataset): Promise<ExtractedSeries> {
    if (spec.segmentBy && spec.segment === null) throw badInput(`segmentBy '${spec.segmentBy}' needs a 'segment' value here; train a model per segment with trainModel`);
    const query = seriesQuery(spec);
    const r = await this.insights.runQuery({ ...query, limit: MAX_SERIES_PERIODS + 1 }, ds);
    if (r.truncated) throw badInput(`the series has more than ${MAX_SERIES_PERIODS} ${spec.grain} periods; choose a coarser grain or a shorter range`);
    return buildSeries(r.rows, spec, query);
  }

  /** One series per value of `segmentBy` (the `maxSegments` values with the most rows), fetched in chunks. */
  async extractSegments(spec: ResolvedSeriesSpec, ds: CatalogDataset, maxSegments = MAX_SEGMENTS): Promise<SegmentSeries> {
    const seg = spec.segmentBy;
    if (!seg) throw badInput('extracting segments needs segmentBy');
    const cap = Math.max(1, Math.min(MAX_SEGMENTS, Math.floor(maxSegments)));
    const top = await this.insights.runQuery(
      {
        dataset: ds.name,
        measures: [{ agg: 'count', as: 'segment_rows' }],
        dimensions: [seg],
        time: { column: spec.timeColumn, range: spec.range },
        filter: { column: seg, op: 'not_null' },
        orderBy: [
          { field: 'segment_rows', direction: 'desc' },
          { field: seg, direction: 'asc' },
        ],
        limit: cap,
      },
      ds,
    );
    const values = top.rows.map((r) => r[seg] as ScalarValue);
    const notes: string[] = [];
    if (top.totalRows > values.length) {
      notes.push(`${seg} has ${top.totalRows} values; the ${values.length} with the most rows were modelled (at most ${MAX_SEGMENTS} segments per request)`);
    }
    const time = ds.columns.find((c) => c.name === spec.timeColumn);
    const periods = estimatePeriods(spec.range?.from ?? time?.stats?.minTime ?? null, spec.range?.to ?? time?.stats?.maxTime ?? null, spec.grain) ?? 1000;
    const chunk = Math.max(1, Math.min(values.length, Math.floor(SERIES_QUERY_ROWS / Math.max(1, periods))));
    const bySegment = new Map<string, Row[]>(values.map((v) => [String(v), []]));
    for (let i = 0; i < values.length; i += chunk) {
      const part = values.slice(i, i + chunk);
      const r = await this.insights.runQuery({ ...seriesQuery(spec, { segments: part }), limit: SERIES_QUERY_ROWS }, ds);
      if (r.truncated) throw badInput(`the ${seg} series have more than ${SERIES_QUERY_ROWS} periods in total; choose a coarser grain or a shorter range`);
      for (const row of r.rows) bySegment.get(String(row[seg]))?.push(row);
    }
    const segments = values.map((value) => {
      const one: ResolvedSeriesSpec = { ...spec, segment: value };
      return { value, series: buildSeries(bySegment.get(String(value)) ?? [], one, seriesQuery(one)) };
    });
    return { spec, segments, totalSegments: top.totalRows, notes };
  }
}
