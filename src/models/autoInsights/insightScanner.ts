import type { CatalogColumn, CatalogDataset, Grain } from '../../shared/catalog.js';
import { GRAINS, isNumericType, primaryTimeColumn } from '../../shared/catalog.js';
import { AppError, badInput } from '../../shared/errors.js';
import type { Aggregation, InsightQuery, ScalarValue } from '../../insights/insightQuery.js';
import type { CatalogRepository } from '../../warehouse/catalogRepository.js';
import type { DriversService } from '../driversService.js';
import { fitModel, seasonalPeriod } from '../fit/fitModel.js';
import { datesOf, dateAt } from '../series/regularSeries.js';
import type { ExtractedSeries, SeriesService } from '../seriesService.js';
import { chooseGrain, resolveSeriesSpec, seriesQuery, type ResolvedSeriesSpec } from '../seriesSpec.js';
import { analyseTrend, type TrendAnalysis } from '../trend/analyseTrend.js';
import { formatAmount, trendVerdict } from '../trend/describeTrend.js';
import { driverChart, lineChart } from './chartSpec.js';
import { insightScore, normalP, sdOf } from './score.js';

export type AutoInsightKind = 'trend' | 'anomaly' | 'change_point' | 'driver';

/** One finding: what, how strong, in words, the query behind it and a chart. */
export interface AutoInsight {
  kind: AutoInsightKind;
  /** significance × effect, in [0, 1]. */
  score: number;
  /** The p-value behind the significance (Bonferroni-corrected where the finding was searched for). */
  pValue: number;
  /** Effect size in standard deviations of the series. */
  effect: number;
  sentence: string;
  measure: string | null;
  agg: Aggregation;
  segmentBy: string | null;
  segment: ScalarValue | null;
  /** The date the finding is about (anomaly, change point), when it has one. */
  date: string | null;
  query: InsightQuery;
  chart: Record<string, unknown>;
}

export interface AutoInsightReport {
  dataset: string;
  grain: Grain | null;
  insights: AutoInsight[];
  scanned: { measures: string[]; dimensions: string[]; series: number };
  notes: string[];
}

/** Series of about this many periods are scanned: enough for the tests, quick to model. */
const SCAN_PERIODS = 400;
const MAX_MEASURES = 6;
const MAX_DIMENSIONS = 2;
const MAX_DIMENSION_VALUES = 50;
const SEGMENTS_PER_DIMENSION = 20;
const ALPHA = 0.05;

/** Measures worth scanning: numeric measure columns (sum for non-negative integers, else average), or the row count. */
export function pickMeasures(ds: CatalogDataset): { column: string | null; agg: Aggregation }[] {
  const cols = ds.columns.filter((c) => c.role === 'measure' && isNumericType(c.type)).slice(0, MAX_MEASURES);
  if (!cols.length) return [{ column: null, agg: 'count' }];
  return cols.map((c) => ({ column: c.name, agg: (c.stats?.integralShare ?? 0) >= 0.99 && c.stats?.nonNegative ? 'sum' : 'avg' }));
}

/**
 * Dimensions worth segmenting by: categorical columns with 2 to 50 values, text before numbers
 * (a numeric "dimension" is often a part of the date, such as a year or month number, which
 * explains nothing about a change over time), fewest values first. Columns named like a grain
 * would collide with the time bucket's output name.
 */
export function pickDimensions(ds: CatalogDataset): CatalogColumn[] {
  const numericRank = (c: CatalogColumn): number => (isNumericType(c.type) ? 1 : 0);
  return ds.columns
    .filter((c) => c.role === 'dimension' && !(GRAINS as readonly string[]).includes(c.name))
    .filter((c) => (c.stats?.distinctCount ?? 0) >= 2 && (c.stats?.distinctCount ?? 0) <= MAX_DIMENSION_VALUES)
    .sort((a, b) => numericRank(a) - numericRank(b) || (a.stats?.distinctCount ?? 0) - (b.stats?.distinctCount ?? 0))
    .slice(0, MAX_DIMENSIONS);
}

/** Best first, at most `perSubject` findings of one kind about one series, so one noisy series cannot fill the list. */
export function rankInsights(found: AutoInsight[], limit: number, perSubject = 2): AutoInsight[] {
  const sorted = [...found].sort((a, b) => b.score - a.score);
  const seen = new Map<string, number>();
  const out: AutoInsight[] = [];
  for (const i of sorted) {
    const key = `${i.kind}|${i.measure}|${i.agg}|${i.kind === 'trend' ? '' : `${i.segmentBy}|${String(i.segment)}`}`;
    const k = seen.get(key) ?? 0;
    if (k >= perSubject) continue;
    seen.set(key, k + 1);
    out.push(i);
    if (out.length >= limit) break;
  }
  return out;
}

const labelOf = (x: ExtractedSeries): string => (x.spec.segmentBy ? `${x.spec.label} for ${x.spec.segmentBy} = ${String(x.spec.segment)}` : x.spec.label);

/**
 * Auto insights: scans measures × time × top dimensions for the strongest significant trends,
 * recent anomalies, change points and top drivers, and ranks them by significance × effect.
 */
export class InsightScanner {
  constructor(
    private readonly series: SeriesService,
    private readonly drivers: DriversService,
    private readonly catalog: CatalogRepository,
  ) {}

  /** The `limit` most notable findings of a dataset. */
  async scan(dataset: string, limit = 10): Promise<AutoInsightReport> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badInput(`limit must be a whole number from 1 to 100, got ${String(limit)}`);
    const ds = await this.catalog.getCatalogDataset(dataset);
    const time = primaryTimeColumn(ds);
    const notes: string[] = [];
    if (!time) return { dataset: ds.name, grain: null, insights: [], scanned: { measures: [], dimensions: [], series: 0 }, notes: [`${ds.name} has no time column: nothing to scan over time`] };
    const start = time.stats?.grain ?? 'day';
    const grain = chooseGrain(time.type === 'date' && (start === 'hour' || start === 'minute') ? 'day' : start, time.stats?.minTime ?? null, time.stats?.maxTime ?? null, SCAN_PERIODS);
    const measures = pickMeasures(ds);
    const dims = pickDimensions(ds);
    const found: AutoInsight[] = [];
    let seriesCount = 0;
    const attempt = async (what: string, f: () => Promise<void> | void): Promise<void> => {
      try {
        await f();
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        notes.push(`${what}: ${e.message}`);
      }
    };
    for (const m of measures) {
      const spec = resolveSeriesSpec({ dataset: ds.name, measure: m.column, agg: m.agg, grain, timeColumn: time.name }, ds);
      await attempt(spec.label, async () => {
        const x = await this.series.extract(spec, ds);
        seriesCount++;
        this.seriesInsights(x, found, notes);
        if (m.agg === 'sum' || m.agg === 'count') await attempt(`drivers of ${spec.label}`, () => this.driverInsight(x, dims, found));
      });
      for (const d of dims) {
        await attempt(`${spec.label} by ${d.name}`, async () => {
          seriesCount += await this.segmentTrends({ ...spec, segmentBy: d.name }, ds, found);
        });
      }
    }
    return {
      dataset: ds.name,
      grain,
      insights: rankInsights(found, limit),
      scanned: { measures: measures.map((m) => m.column ?? 'rows'), dimensions: dims.map((d) => d.name), series: seriesCount },
      notes,
    };
  }

  private seriesInsights(x: ExtractedSeries, out: AutoInsight[], notes: string[]): void {
    const s = x.series;
    const n = s.values.length;
    const dates = datesOf(s);
    const sd = sdOf(s.values);
    if (!(sd > 0)) {
      notes.push(`${labelOf(x)} is constant: nothing to report`);
      return;
    }
    const label = labelOf(x);
    const base = { measure: x.spec.measure, agg: x.spec.agg, segmentBy: x.spec.segmentBy, segment: x.spec.segment, query: x.query };
    const tryFit = <T>(f: () => T): T | null => {
      try {
        return f();
      } catch (e) {
        if (e instanceof AppError) return null;
        throw e;
      }
    };
    const trendFit = tryFit(() => fitModel('trend', s));
    if (trendFit?.state.kind === 'trend') {
      const t = trendFit.state.trend;
      const p = t.mannKendall.pValue;
      if (t.direction !== 'none' && p < ALPHA) {
        const effect = (Math.abs(t.slopePerPeriod) * (n - 1)) / sd;
        out.push({
          ...base,
          kind: 'trend',
          score: insightScore(p, effect),
          pValue: p,
          effect,
          date: null,
          sentence: trendVerdict(label, t),
          chart: lineChart({ title: label, measure: x.spec.label, dates, values: s.values, trendLine: { intercept: t.mannKendall.intercept, slope: t.mannKendall.slope } }),
        });
      }
    }
    const anomalyFit = tryFit(() => fitModel('anomalies', s));
    if (anomalyFit?.state.kind === 'anomalies') {
      const recentFrom = n - Math.max(3, Math.ceil(n / 10));
      const recent = anomalyFit.state.anomalies.anomalies.filter((a) => a.index >= recentFrom);
      for (const a of recent) {
        const p = normalP(a.score, n);
        const effect = Math.abs(a.value - a.expected) / sd;
        out.push({
          ...base,
          kind: 'anomaly',
          score: insightScore(p, effect),
          pValue: p,
          effect,
          date: a.date,
          sentence: `${label} was unusually ${a.direction === 'above' ? 'high' : 'low'} in the period starting ${a.date}: ${formatAmount(a.value)} against about ${formatAmount(a.expected)} expected (robust z ${a.score.toFixed(1)})`,
          chart: lineChart({ title: `${label}: unusual value on ${a.date}`, measure: x.spec.label, dates, values: s.values, marks: [{ date: a.date, value: a.value }] }),
        });
      }
    }
    const cpFit = tryFit(() => fitModel('changepoints', s));
    if (cpFit?.state.kind === 'changepoints') {
      const r = cpFit.state.changePoints;
      const cps = r.changePoints;
      cps.forEach((c, k) => {
        const left = c.index - (k > 0 ? cps[k - 1]!.index : -1);
        const right = (k + 1 < cps.length ? cps[k + 1]!.index : n - 1) - c.index;
        if (!(r.sigma > 0) || left < 1 || right < 1) return;
        const z = Math.abs(c.magnitude) / (r.sigma * Math.sqrt(1 / left + 1 / right));
        const p = normalP(z, n);
        const effect = Math.abs(c.magnitude) / sd;
        if (p >= ALPHA) return;
        out.push({
          ...base,
          kind: 'change_point',
          score: insightScore(p, effect),
          pValue: p,
          effect,
          date: c.firstDateAfter,
          sentence: `${label} shifted from about ${formatAmount(c.before)} to about ${formatAmount(c.after)} from ${c.firstDateAfter} on (${c.magnitude >= 0 ? '+' : '−'}${formatAmount(Math.abs(c.magnitude))})`,
          chart: lineChart({ title: `${label}: change from ${c.firstDateAfter}`, measure: x.spec.label, dates, values: s.values, rules: [c.firstDateAfter] }),
        });
      });
    }
  }

  // The latest window against the one before it (a season long when the series has one).
  private async driverInsight(x: ExtractedSeries, dims: CatalogColumn[], out: AutoInsight[]): Promise<void> {
    if (!dims.length) return;
    const s = x.series;
    const n = s.values.length;
    const period = seasonalPeriod(s);
    const w = period && 2 * period <= n ? period : Math.max(1, Math.floor(n / 4));
    if (2 * w > n) return;
    const before = { from: dateAt(s, n - 2 * w), to: dateAt(s, n - w) };
    const after = { from: dateAt(s, n - w), to: dateAt(s, n) };
    const r = await this.drivers.explain({ dataset: x.spec.dataset, measure: x.spec.measure, agg: x.spec.agg === 'count' ? 'count' : 'sum', from: before, to: after, dimensions: dims.map((d) => d.name), top: 10 });
    const top = r.drivers.find((d) => d.value !== '(other)');
    const sd = sdOf(s.values);
    if (!top || r.change === 0 || !(sd > 0)) return;
    const z = Math.abs(r.change) / (sd * Math.sqrt(2 * w));
    const p = normalP(z);
    const effect = Math.abs(r.change) / w / sd;
    const topDim = top.dimension;
    const query = r.queries.find((q, i) => i % 2 === 1 && q.dimensions.includes(topDim)) ?? r.queries[1]!;
    out.push({
      kind: 'driver',
      measure: x.spec.measure,
      agg: x.spec.agg,
      segmentBy: topDim,
      segment: top.value,
      query,
      score: insightScore(p, effect),
      pValue: p,
      effect,
      date: after.from,
      sentence: r.sentence,
      chart: driverChart(
        `Drivers of the change in ${x.spec.label}`,
        r.drivers.filter((d) => d.dimension === topDim).slice(0, 10).map((d) => ({ label: d.value, contribution: d.contribution })),
      ),
    });
  }

  // Trends of each segment (only the trend: a segment's seasonality and anomalies are not reported).
  private async segmentTrends(spec: ResolvedSeriesSpec, ds: CatalogDataset, out: AutoInsight[]): Promise<number> {
    const segs = await this.series.extractSegments(spec, ds, SEGMENTS_PER_DIMENSION);
    const found: AutoInsight[] = [];
    for (const seg of segs.segments) {
      const x = seg.series;
      const trend = trendOrNull(x.series);
      if (!trend || trend.direction === 'none' || !(trend.mannKendall.pValue < ALPHA)) continue;
      const sd = sdOf(x.series.values);
      if (!(sd > 0)) continue;
      const effect = (Math.abs(trend.slopePerPeriod) * (x.series.values.length - 1)) / sd;
      // Many segments were tested: the p-value is corrected for their number.
      const p = Math.min(1, trend.mannKendall.pValue * segs.segments.length);
      if (p >= ALPHA) continue;
      const label = labelOf(x);
      found.push({
        kind: 'trend',
        measure: spec.measure,
        agg: spec.agg,
        segmentBy: spec.segmentBy,
        segment: seg.value,
        query: seriesQuery(x.spec),
        score: insightScore(p, effect),
        pValue: p,
        effect,
        date: null,
        sentence: trendVerdict(label, trend),
        chart: lineChart({ title: label, measure: spec.label, dates: datesOf(x.series), values: x.series.values }),
      });
    }
    found.sort((a, b) => b.score - a.score);
    out.push(...found.slice(0, 3));
    return segs.segments.length;
  }
}

/** A segment's trend, or null when it cannot be analysed (too short, too few values): one segment must not stop the scan. */
function trendOrNull(series: Parameters<typeof analyseTrend>[0]): TrendAnalysis | null {
  try {
    return analyseTrend(series);
  } catch (e) {
    if (e instanceof AppError) return null;
    throw e;
  }
}
