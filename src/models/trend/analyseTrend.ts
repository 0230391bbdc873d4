import type { Grain } from '../../shared/catalog.js';
import { NOT_ENOUGH } from '../minimums.js';
import { requireFiniteOrNull, requirePoints } from '../guards.js';
import { presentPoints } from '../series/gaps.js';
import { periodsPerYear } from '../series/grainTime.js';
import type { RegularSeries } from '../series/regularSeries.js';
import { describeTrend, trendDirection, type TrendDirection } from './describeTrend.js';
import { mannKendall, type MannKendallTrend } from './mannKendall.js';
import { olsTrend, type OlsTrend } from './ols.js';

export interface TrendAnalysis {
  direction: TrendDirection;
  /** Sentence built from the Mann-Kendall test and Sen's slope (robust to outliers). */
  sentence: string;
  /** Slope per period and per `per.label` (Sen's slope). */
  slopePerPeriod: number;
  per: { label: string; periods: number };
  mannKendall: MannKendallTrend;
  ols: OlsTrend;
  /** Null periods skipped (the tests use the remaining points at their true positions). */
  skippedNulls: number;
}

/** The natural unit to express a slope at a grain: per year from day to year, per day below. */
export function naturalPer(grain: Grain): { label: string; periods: number } {
  if (grain === 'hour') return { label: 'day', periods: 24 };
  if (grain === 'minute') return { label: 'day', periods: 1440 };
  return { label: 'year', periods: periodsPerYear(grain) };
}

/** Trend of a regular series: Mann-Kendall (Hamed-Rao) with Sen's slope, OLS beside it, and a verdict. */
export function analyseTrend(series: RegularSeries, opts: { unit?: string; alpha?: number; hamedRao?: boolean } = {}): TrendAnalysis {
  const present = requireFiniteOrNull(series.values, 'analyse the trend');
  requirePoints(present, NOT_ENOUGH.trend, 'analyse the trend');
  const { x, y } = presentPoints(series.values);
  const mk = mannKendall(x, y, { hamedRao: opts.hamedRao ?? true });
  const ols = olsTrend(x, y);
  const per = naturalPer(series.grain);
  return {
    direction: trendDirection(mk, opts.alpha),
    sentence: describeTrend(mk, { unit: opts.unit, per, alpha: opts.alpha }),
    slopePerPeriod: mk.slope,
    per,
    mannKendall: mk,
    ols,
    skippedNulls: series.values.length - present,
  };
}
