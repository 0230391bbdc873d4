import { AppError, ErrorCode } from '../shared/errors.js';
import { detectAnomalies, type Anomaly } from './anomalies/detectAnomalies.js';
import { detectSeasonality, type SeasonalityResult } from './seasonality/detectSeasonality.js';
import type { RegularSeries } from './series/regularSeries.js';
import { analyseTrend } from './trend/analyseTrend.js';

/** One series to analyse, named by the caller (e.g. the segment value). */
export interface SeriesInput {
  id: string;
  series: RegularSeries;
}

/** Compact summary of one series: what the batch sends back (no full decomposition arrays). */
export interface SeriesSummary {
  id: string;
  trend: { direction: string; sentence: string; slopePerPeriod: number; pValue: number } | { error: string; code: string };
  seasonality: { period: number | null; strength: number } | { error: string; code: string };
  anomalies: Anomaly[] | { error: string; code: string };
}

export interface SummaryOptions {
  /** STL robustness iterations (default 5 in batch work: enough to resist spikes, 3x cheaper than 15). */
  outer?: number;
}

// A failure in one part (too short for seasonality, say) must not lose the other parts.
function attempt<T>(f: () => T): T | { error: string; code: string } {
  try {
    return f();
  } catch (e) {
    if (e instanceof AppError) return { error: e.message, code: e.code };
    return { error: 'internal error', code: ErrorCode.INTERNAL_SERVER_ERROR };
  }
}

/** Trend + seasonality + anomalies of one series, each part independently succeeding or failing with its AppError. */
export function summariseSeries(input: SeriesInput, opts: SummaryOptions = {}): SeriesSummary {
  const outer = opts.outer ?? 5;
  const trend = attempt(() => {
    const t = analyseTrend(input.series);
    return { direction: t.direction, sentence: t.sentence, slopePerPeriod: t.slopePerPeriod, pValue: t.mannKendall.pValue };
  });
  let decomposition: SeasonalityResult['decomposition'] = null;
  const seasonality = attempt(() => {
    const s = detectSeasonality(input.series, { outer });
    decomposition = s.decomposition;
    return { period: s.period, strength: s.strength };
  });
  const period = 'period' in seasonality ? seasonality.period : null;
  // The seasonality's robust STL is reused: one decomposition per series, not two.
  const anomalies = attempt(() => detectAnomalies(input.series, { period, outer, decomposition: decomposition ?? undefined }).anomalies);
  return { id: input.id, trend, seasonality, anomalies };
}
