import { AppError, ErrorCode } from '../shared/errors.js';

/**
 * Outlier fences and capping over plain arrays. Quantiles use linear interpolation between order
 * statistics (type 7), the same rule as PostgreSQL's percentile_cont, so the SQL version of a step
 * computes the same fences.
 */

export interface Fences {
  lower: number;
  upper: number;
}

/** Finite numbers of `values`, sorted ascending. */
export function sortedFinite(values: readonly (number | null | undefined)[]): number[] {
  const out: number[] = [];
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  return out.sort((a, b) => a - b);
}

/** Quantile p ∈ [0, 1] of ascending `sorted` by linear interpolation (percentile_cont). */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new AppError(ErrorCode.NOT_ENOUGH_DATA, 'quantile of no values');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile p must be in [0, 1], got ${p}`);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Median of the finite numbers in `values`. */
export function median(values: readonly (number | null | undefined)[]): number {
  return quantileSorted(sortedFinite(values), 0.5);
}

/** Tukey's fences: [Q1 − k·IQR, Q3 + k·IQR] (k = 1.5 by default). */
export function iqrFences(values: readonly (number | null | undefined)[], k = 1.5): Fences & { q1: number; q3: number; iqr: number } {
  const s = sortedFinite(values);
  if (s.length < 4) throw new AppError(ErrorCode.NOT_ENOUGH_DATA, `IQR fences need at least 4 numbers, got ${s.length}`);
  const q1 = quantileSorted(s, 0.25);
  const q3 = quantileSorted(s, 0.75);
  const iqr = q3 - q1;
  return { q1, q3, iqr, lower: q1 - k * iqr, upper: q3 + k * iqr };
}

// 0.6745 = Φ⁻¹(0.75): makes MAD a consistent estimate of σ for normal data (Iglewicz & Hoaglin).
export const MAD_SCALE = 0.6745;
// When MAD is 0 (over half the values equal), the usual fallback (IBM SPSS, after Iglewicz &
// Hoaglin) scores (x − median) / (1.253314 · mean absolute deviation); 1.253314 = √(π/2).
export const MEANAD_SCALE = 1.253314;

/**
 * Median/MAD fences for the modified z-score 0.6745·(x − median)/MAD > z (z = 3.5 by default).
 * When MAD is 0 the mean absolute deviation stands in; when that is 0 too, nothing is an outlier.
 */
export function madFences(values: readonly (number | null | undefined)[], z = 3.5): Fences & { median: number; mad: number } {
  const s = sortedFinite(values);
  if (s.length < 3) throw new AppError(ErrorCode.NOT_ENOUGH_DATA, `MAD fences need at least 3 numbers, got ${s.length}`);
  const med = quantileSorted(s, 0.5);
  const dev = s.map((v) => Math.abs(v - med)).sort((a, b) => a - b);
  const mad = quantileSorted(dev, 0.5);
  let spread: number;
  if (mad > 0) spread = (z * mad) / MAD_SCALE;
  else {
    const meanAd = dev.reduce((a, b) => a + b, 0) / dev.length;
    spread = meanAd > 0 ? z * MEANAD_SCALE * meanAd : Infinity;
  }
  return { median: med, mad, lower: med - spread, upper: med + spread };
}

/** Fences at two quantiles (e.g. 0.01 and 0.99), for winsorizing. */
export function percentileFences(values: readonly (number | null | undefined)[], lowerP: number, upperP: number): Fences {
  const s = sortedFinite(values);
  if (s.length === 0) throw new AppError(ErrorCode.NOT_ENOUGH_DATA, 'percentile fences of no numbers');
  return { lower: quantileSorted(s, lowerP), upper: quantileSorted(s, upperP) };
}

/** True per position when the value lies outside the fences; non-numbers are never outliers. */
export function flagOutliers(values: readonly (number | null | undefined)[], f: Fences): boolean[] {
  return values.map((v) => typeof v === 'number' && Number.isFinite(v) && (v < f.lower || v > f.upper));
}

/** Caps values at the fences (winsorize); nulls stay null. Returns the capped array and how many changed. */
export function capValues(values: readonly (number | null)[], f: Fences): { values: (number | null)[]; changed: number } {
  let changed = 0;
  const out = values.map((v) => {
    if (v === null || !Number.isFinite(v)) return v;
    if (v < f.lower) return changed++, f.lower;
    if (v > f.upper) return changed++, f.upper;
    return v;
  });
  return { values: out, changed };
}
