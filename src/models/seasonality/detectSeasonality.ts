import type { Grain } from '../../shared/catalog.js';
import { requireFiniteOrNull, requirePoints } from '../guards.js';
import { variance } from '../math/stats.js';
import { CYCLES_FOR_SEASONALITY } from '../minimums.js';
import { denseValues } from '../series/gaps.js';
import type { RegularSeries } from '../series/regularSeries.js';
import { acf } from './acf.js';
import { periodogram } from './periodogram.js';
import { seasonalStrength, trendStrength } from './strength.js';
import { seasonalForm, type SeasonalFormResult } from './seasonalForm.js';
import { stl, type StlResult } from './stl.js';

/** Seasonal periods worth testing at each grain (a day, a week, a year in that grain's units). */
export const CANDIDATE_PERIODS: Record<Grain, number[]> = {
  minute: [60, 1440],
  hour: [24, 168],
  day: [7, 365],
  week: [52],
  month: [12],
  quarter: [4],
  year: [],
};

export interface PeriodEvidence {
  period: number;
  /** Autocorrelation of the detrended series at the period's lag. */
  acf: number;
  /** Power at the period's frequency (or a harmonic) over the median power of the periodogram. */
  powerRatio: number;
  confirmedBy: ('acf' | 'periodogram')[];
  /** Wang-Smith-Hyndman strength from a robust STL at this period. */
  strength: number;
  detected: boolean;
}

export interface SeasonalityResult {
  /** The strongest detected period, or null when none is confirmed. */
  period: number | null;
  strength: number;
  candidates: PeriodEvidence[];
  /** Candidates not tested because the series is shorter than two cycles. */
  skipped: { period: number; need: number }[];
  /** The decomposition at `period` (trend, seasonal, remainder over the dense span). */
  decomposition: (StlResult & { offset: number; trendStrength: number }) | null;
  /** Additive or multiplicative season at `period` (null when none is detected). */
  form: SeasonalFormResult | null;
  note: string | null;
}

export interface SeasonalityOptions {
  /** Test these periods instead of the grain's candidates. */
  periods?: number[];
  /** Minimum strength to call a confirmed period seasonal (default 0.3). */
  minStrength?: number;
  /** STL robustness iterations (default 15; fewer is faster for batch work). */
  outer?: number;
}

// Centered moving average (2 x p for even p) removes the trend before testing the period.
function detrend(y: number[], p: number): number[] {
  const n = y.length;
  const half = Math.floor(p / 2);
  const out: number[] = [];
  if (n <= 2 * half) return y.slice();
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + y[i]!;
  for (let i = half; i < n - half; i++) {
    let ma: number;
    if (p % 2 === 1) ma = (prefix[i + half + 1]! - prefix[i - half]!) / p;
    else ma = (prefix[i + half]! - prefix[i - half]! + prefix[i + half + 1]! - prefix[i - half + 1]!) / (2 * p);
    out.push(y[i]! - ma);
  }
  return out;
}

// Largest power at the period's fundamental or first harmonics, over the median power.
function powerRatio(x: number[], p: number): number {
  if (x.length < 4) return 0;
  const pg = periodogram(x);
  const sorted = pg.power.slice().sort((a, b) => a - b);
  const med = sorted[Math.floor(sorted.length / 2)]!;
  if (!(med > 0)) return 0;
  const bins = pg.frequencies.length * 2;
  let best = 0;
  for (let h = 1; h <= Math.min(3, Math.floor(p / 2)); h++) {
    const k = Math.round((h * bins) / p) - 1;
    for (let j = k - 1; j <= k + 1; j++) if (j >= 0 && j < pg.power.length) best = Math.max(best, pg.power[j]!);
  }
  return best / med;
}

/** Detects seasonality: candidate periods from the grain, confirmed by ACF or periodogram, ranked by STL strength. */
export function detectSeasonality(series: RegularSeries, opts: SeasonalityOptions = {}): SeasonalityResult {
  const present = requireFiniteOrNull(series.values, 'detect seasonality');
  const candidates = opts.periods ?? CANDIDATE_PERIODS[series.grain];
  if (candidates.length === 0) {
    return { period: null, strength: 0, candidates: [], skipped: [], decomposition: null, form: null, note: `a ${series.grain}ly series has no seasonal period to test` };
  }
  const { values, offset } = denseValues(series.values);
  const minNeed = Math.min(...candidates) * CYCLES_FOR_SEASONALITY;
  requirePoints(present === 0 ? 0 : values.length, minNeed, 'detect seasonality');
  if (variance(values) <= 1e-24 * (values[0]! ** 2 + 1)) {
    return { period: null, strength: 0, candidates: [], skipped: [], decomposition: null, form: null, note: 'the series is constant: no seasonality' };
  }
  const minStrength = opts.minStrength ?? 0.3;
  const evidence: PeriodEvidence[] = [];
  const skipped: { period: number; need: number }[] = [];
  const fits = new Map<number, StlResult>();
  const threshold = 2 / Math.sqrt(values.length);
  for (const p of candidates) {
    const need = p * CYCLES_FOR_SEASONALITY;
    if (values.length < need || p < 2) {
      skipped.push({ period: p, need });
      continue;
    }
    const d = detrend(values, p);
    const r = d.length > p + 1 ? acf(d, p)[p]! : 0;
    const ratio = powerRatio(d, p);
    const confirmedBy: ('acf' | 'periodogram')[] = [];
    if (r > Math.max(0.1, threshold)) confirmedBy.push('acf');
    if (ratio >= 20) confirmedBy.push('periodogram');
    const fit = stl(values, p, { robust: true, outer: opts.outer });
    fits.set(p, fit);
    const strength = seasonalStrength(fit.seasonal, fit.remainder);
    evidence.push({ period: p, acf: r, powerRatio: ratio, confirmedBy, strength, detected: confirmedBy.length > 0 && strength >= minStrength });
  }
  const best = evidence.filter((e) => e.detected).sort((a, b) => b.strength - a.strength)[0];
  const fit = best ? fits.get(best.period)! : null;
  return {
    period: best?.period ?? null,
    strength: best?.strength ?? Math.max(0, ...evidence.map((e) => e.strength)),
    candidates: evidence,
    skipped,
    decomposition: fit ? { ...fit, offset, trendStrength: trendStrength(fit.trend, fit.remainder) } : null,
    form: best && fit ? seasonalForm(values, fit.trend, best.period) : null,
    note: best ? null : 'no candidate period was confirmed',
  };
}
