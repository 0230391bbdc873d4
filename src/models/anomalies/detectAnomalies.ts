import { AppError, ErrorCode, badInput } from '../../shared/errors.js';
import { requireFiniteOrNull, requirePoints } from '../guards.js';
import { mad, median } from '../math/stats.js';
import { NOT_ENOUGH } from '../minimums.js';
import { detectSeasonality } from '../seasonality/detectSeasonality.js';
import { stl } from '../seasonality/stl.js';
import { dateAt, type RegularSeries } from '../series/regularSeries.js';
import { denseValues } from '../series/gaps.js';
import { generalizedEsd } from './generalizedEsd.js';

export interface Anomaly {
  index: number;
  date: string;
  value: number;
  /** What the decomposition expected at this period (trend + seasonal, or the seasonal ESD baseline). */
  expected: number;
  /** Robust z-score of the remainder (or the ESD statistic). */
  score: number;
  direction: 'above' | 'below';
}

export interface AnomalyOptions {
  method?: 'robust-z' | 'seasonal-esd';
  /** Seasonal period; 'auto' (default) detects it, null means none. */
  period?: number | 'auto' | null;
  /** Robust z threshold (default 3.5, Iglewicz & Hoaglin). */
  threshold?: number;
  /** ESD significance (default 0.05). */
  alpha?: number;
  /** Most anomalies the ESD may report, as a share of the points (default 0.1). */
  maxShare?: number;
  /** Robustness iterations of the STL (default 15). */
  outer?: number;
  /** An STL already computed on this series' dense span, reused only when it is the plain (non-robust) kind. */
  decomposition?: { period: number; trend: number[]; seasonal: number[]; offset: number; robust?: boolean };
}

export interface AnomalyResult {
  anomalies: Anomaly[];
  method: 'robust-z' | 'seasonal-esd';
  period: number | null;
}

/** Seasonal LOESS window for the anomaly decomposition: wide, so the seasonal part does not chase noise. */
export const ANOMALY_SEASONAL_WINDOW = 13;

/**
 * The noise scale for robust z-scores: MAD of an ordinary (non-robust) STL's remainder. The robust
 * STL gives the remainders (a spike cannot drag its season along and flag every other June), but
 * its own remainder MAD is too small (the robustness weights let the fit hug ordinary points), which
 * flagged ~7% of plain Gaussian points; with this scale ~1%, while every planted spike is found.
 */
function scaleFromPlainStl(y: number[], period: number): number | null {
  const r = stl(y, period, { robust: false, seasonal: ANOMALY_SEASONAL_WINDOW }).remainder;
  const s = 1.4826 * mad(r, median(r));
  return s > 0 ? s : null;
}

// Centered running median: a trend that steps over isolated spikes.
function runningMedian(y: number[], w: number): number[] {
  const h = Math.floor(w / 2);
  return y.map((_, i) => median(y.slice(Math.max(0, i - h), Math.min(y.length, i + h + 1))));
}

function resolvePeriod(series: RegularSeries, period: AnomalyOptions['period'], outer?: number): number | null {
  if (period === null) return null;
  if (typeof period === 'number') return period;
  try {
    return detectSeasonality(series, { outer }).period;
  } catch (e) {
    if (e instanceof AppError && e.code === ErrorCode.NOT_ENOUGH_DATA) return null;
    throw e;
  }
}

/** Unusual points: robust z-score of the (robust STL) remainder, or seasonal hybrid ESD. */
export function detectAnomalies(series: RegularSeries, opts: AnomalyOptions = {}): AnomalyResult {
  const method = opts.method ?? 'robust-z';
  if (method !== 'robust-z' && method !== 'seasonal-esd') throw badInput(`anomaly method must be 'robust-z' or 'seasonal-esd', got '${String(method)}'`);
  const present = requireFiniteOrNull(series.values, 'detect anomalies');
  requirePoints(present, NOT_ENOUGH.anomalies, 'detect anomalies');
  const { values: y, offset } = denseValues(series.values);
  const given = opts.decomposition;
  // Scoring uses its own decomposition (see scaleFromPlainStl), so a caller's is reused only for ESD.
  const reuse = method === 'seasonal-esd' && given !== undefined && given.offset === offset && given.trend.length === y.length;
  const period = reuse ? given.period : resolvePeriod(series, opts.period ?? 'auto', opts.outer);
  const n = y.length;
  let plainScale: number | null = null;
  let seasonal: number[] = new Array(n).fill(0);
  let trend: number[];
  if (reuse) {
    seasonal = given.seasonal;
    trend = given.trend;
  } else if (period !== null) {
    const fit = stl(y, period, { robust: true, seasonal: ANOMALY_SEASONAL_WINDOW, outer: opts.outer });
    seasonal = fit.seasonal;
    trend = fit.trend;
    plainScale = scaleFromPlainStl(y, period);
  } else {
    trend = runningMedian(y, Math.max(5, Math.min(51, 2 * Math.floor(n / 20) + 1)));
  }
  const anomalies: Anomaly[] = [];
  // Interpolated gaps are not observations: never report them.
  const observed = (i: number): boolean => series.values[offset + i] != null;
  const rem = y.map((v, i) => v - trend[i]! - seasonal[i]!);
  if (method === 'robust-z') {
    const c = median(rem);
    const s = plainScale ?? 1.4826 * mad(rem, c);
    if (s > 0) {
      const threshold = opts.threshold ?? 3.5;
      for (let i = 0; i < n; i++) {
        const z = (rem[i]! - c) / s;
        if (Math.abs(z) > threshold && observed(i)) {
          anomalies.push({ index: offset + i, date: dateAt(series, offset + i), value: y[i]!, expected: y[i]! - rem[i]! + c, score: z, direction: z > 0 ? 'above' : 'below' });
        }
      }
    }
  } else {
    // Seasonal hybrid ESD (Hochenbaum et al. 2017) removes the seasonal part and the median; we remove
    // the robust trend instead so trending series do not flag their whole end.
    const esd = generalizedEsd(rem, { maxOutliers: Math.max(1, Math.floor((opts.maxShare ?? 0.1) * n)), alpha: opts.alpha, robust: true });
    for (const step of esd.steps.slice(0, esd.count)) {
      const i = step.index;
      if (!observed(i)) continue;
      const r = rem[i]!;
      anomalies.push({ index: offset + i, date: dateAt(series, offset + i), value: y[i]!, expected: y[i]! - r, score: r >= 0 ? step.statistic : -step.statistic, direction: r >= 0 ? 'above' : 'below' });
    }
    anomalies.sort((a, b) => a.index - b.index);
  }
  return { anomalies, method, period };
}
