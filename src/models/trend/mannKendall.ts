import { badInput } from '../../shared/errors.js';
import { requireFinite, requirePoints } from '../guards.js';
import { autocovarianceSums } from '../math/fft.js';
import { normalCdf, normalQuantile } from '../math/special.js';
import { exactWithoutPairs, pairwiseSlopes, sensSlope, sensSlopeCi } from './sensSlope.js';

/** Mann-Kendall trend test with tie correction and optional Hamed-Rao autocorrelation correction. */
export interface MannKendallTrend {
  method: 'mann-kendall';
  n: number;
  /** Kendall's S: concordant minus discordant pairs. */
  s: number;
  /** Variance of S after tie (and, when applied, autocorrelation) correction. */
  varS: number;
  /** Hamed-Rao variance inflation n/n* (1 when not applied). */
  varianceFactor: number;
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Kendall's tau-a. */
  tau: number;
  /** Sen's slope: median of pairwise slopes, per unit of x. */
  slope: number;
  intercept: number;
  /** Confidence interval of Sen's slope at `level` (order statistics of the pairwise slopes). */
  ci: [number, number];
  level: number;
  autocorrelation: 'none' | 'hamed-rao';
}

export interface MannKendallOptions {
  /** Hamed-Rao correction for serial correlation (default true). */
  hamedRao?: boolean;
  level?: number;
}

const sign = (d: number): number => (d > 0 ? 1 : d < 0 ? -1 : 0);

/**
 * Kendall's S = concordant - discordant pairs (i < j), ties in y counting 0, in O(n log n) by
 * Knight's (1966) method: S = pairs - tied pairs - 2 x inversions, inversions counted by merge sort.
 */
export function kendallS(y: readonly number[]): number {
  const n = y.length;
  let a = Float64Array.from(y);
  let b = new Float64Array(n);
  let inversions = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // Equal values are taken from the left first: a tie is not an inversion.
        if (a[i]! <= a[j]!) b[k++] = a[i++]!;
        else {
          inversions += mid - i;
          b[k++] = a[j++]!;
        }
      }
      while (i < mid) b[k++] = a[i++]!;
      while (j < hi) b[k++] = a[j++]!;
    }
    [a, b] = [b, a];
  }
  let tied = 0;
  let run = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && a[i] === a[i - 1]) run++;
    else {
      tied += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return (n * (n - 1)) / 2 - tied - 2 * inversions;
}

// Sum over tie groups of t(t-1)(2t+5), the tie term of Var(S).
function tieTerm(y: readonly number[]): number {
  const sorted = Float64Array.from(y).sort();
  let term = 0;
  let run = 1;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] === sorted[i - 1]) run++;
    else {
      if (run > 1) term += run * (run - 1) * (2 * run + 5);
      run = 1;
    }
  }
  return term;
}

// Average ranks (1-based), ties sharing their mean rank.
function ranks(v: Float64Array): Float64Array {
  const n = v.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a]! - v[b]!);
  const r = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && v[order[j + 1]!] === v[order[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]!] = avg;
    i = j + 1;
  }
  return r;
}

/**
 * Hamed & Rao (1998) n/n*: from the significant autocorrelations of the ranks of the detrended
 * series (detrended with Sen's slope), as in pymannkendall's hamed_rao_modification_test.
 */
function hamedRaoFactor(x: readonly number[], y: readonly number[], slope: number): number {
  const n = y.length;
  const detrended = new Float64Array(n);
  for (let i = 0; i < n; i++) detrended[i] = y[i]! - slope * (x[i]! + 1);
  const r = ranks(detrended);
  let m = 0;
  for (let i = 0; i < n; i++) m += r[i]!;
  m /= n;
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += (r[i]! - m) ** 2;
  if (c0 === 0) return 1;
  const bound = normalQuantile(0.975) / Math.sqrt(n);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = r[i]! - m;
  // All lags are needed: their sums come from one FFT instead of n²/2 products.
  const c = autocovarianceSums(d);
  let sum = 0;
  for (let k = 1; k < n - 2; k++) {
    const rho = c[k]! / c0;
    if (Math.abs(rho) > bound) sum += (n - k) * (n - k - 1) * (n - k - 2) * rho;
  }
  const factor = 1 + (2 / (n * (n - 1) * (n - 2))) * sum;
  // A strongly negative sum would make the variance vanish or flip sign; 1 is the safe floor used in practice.
  return factor > 0 ? factor : 1;
}

/** Mann-Kendall test of y against its order (x gives positions, for gaps and Sen's slope). */
export function mannKendall(x: readonly number[], y: readonly number[], opts: MannKendallOptions = {}): MannKendallTrend {
  if (x.length !== y.length) throw badInput(`x and y differ in length (${x.length} vs ${y.length})`);
  const level = opts.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw badInput(`confidence level must be between 0 and 1, got ${level}`);
  requirePoints(y.length, 4, 'run the Mann-Kendall trend test');
  requireFinite(x, 'run the Mann-Kendall trend test');
  requireFinite(y, 'run the Mann-Kendall trend test');
  const n = y.length;
  const s = kendallS(y);
  const baseVar = (n * (n - 1) * (2 * n + 5) - tieTerm(y)) / 18;
  // The median and CI bounds are order statistics of the pairwise slopes: found without storing the
  // pairs when possible, else from slopes computed once here.
  const slopes = exactWithoutPairs(x, y) ? undefined : pairwiseSlopes(x, y);
  const slope = sensSlope(x, y, slopes);
  const useHr = opts.hamedRao ?? true;
  const factor = useHr && n >= 8 ? hamedRaoFactor(x, y, slope) : 1;
  const varS = baseVar * factor;
  const z = varS > 0 ? (s - sign(s)) / Math.sqrt(varS) : 0;
  const pValue = varS > 0 ? 2 * (1 - normalCdf(Math.abs(z))) : 1;
  const ci = varS > 0 ? sensSlopeCi(x, y, varS, level, slopes) : ([slope, slope] as [number, number]);
  // Conover's intercept: median(y) - slope * median(x).
  const ys = Float64Array.from(y).sort();
  const xs = Float64Array.from(x).sort();
  const med = (a: Float64Array): number => (a.length % 2 ? a[(a.length - 1) / 2]! : (a[a.length / 2 - 1]! + a[a.length / 2]!) / 2);
  return {
    method: 'mann-kendall',
    n,
    s,
    varS,
    varianceFactor: factor,
    z,
    pValue: Math.min(1, Math.max(0, pValue)),
    tau: s / ((n * (n - 1)) / 2),
    slope,
    intercept: med(ys) - slope * med(xs),
    ci,
    level,
    autocorrelation: factor !== 1 || useHr ? 'hamed-rao' : 'none',
  };
}
