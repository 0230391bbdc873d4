import { badInput } from '../../shared/errors.js';
import { requireFinite, requirePoints } from '../guards.js';
import { selectKth } from '../math/stats.js';

/**
 * STL (Cleveland et al. 1990): seasonal-trend decomposition by LOESS, ported from the netlib
 * Fortran that R's stl and statsmodels' STL wrap. Defaults follow statsmodels: seasonal window 7,
 * trend window from the period, degree 1 everywhere, LOESS jumps of window/10 (as R); robust mode uses bisquare
 * weights on 6 * median |remainder| with 2 inner and 15 outer iterations.
 */
export interface StlOptions {
  /** Seasonal LOESS window (odd, >= 3; default 7). */
  seasonal?: number;
  /** Trend LOESS window (odd; default from the period). */
  trend?: number;
  /** Low-pass window (odd; default the smallest odd number > period). */
  lowPass?: number;
  seasonalDeg?: 0 | 1;
  trendDeg?: 0 | 1;
  lowPassDeg?: 0 | 1;
  robust?: boolean;
  inner?: number;
  outer?: number;
  /** Evaluate the LOESS every `jump` points and interpolate (default ceil(window / 10), as R's stl; statsmodels uses 1). */
  seasonalJump?: number;
  trendJump?: number;
  lowPassJump?: number;
}

export interface StlResult {
  period: number;
  trend: number[];
  seasonal: number[];
  remainder: number[];
  /** Robustness weights (all 1 when not robust). */
  weights: number[];
}

const nextOdd = (x: number): number => (x % 2 === 0 ? x + 1 : x);

// Local (degree 0/1) fit at xs over y[nleft..nright] (1-based positions, as in the Fortran); NaN when every weight is 0.
function est(
  y: Float64Array, yOff: number, n: number, len: number, ideg: number, xs: number, nleft: number, nright: number,
  userw: boolean, rw: Float64Array, rwOff: number,
): number {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.floor((len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  // One pass of weighted sums in coordinates centred on xs (u = j - xs), instead of the Fortran's
  // four passes over a weight array: sum w, w u, w u^2, w y, w u y give the same local line.
  let sw = 0;
  let su = 0;
  let suu = 0;
  let sy = 0;
  let suy = 0;
  for (let j = nleft; j <= nright; j++) {
    const u = j - xs;
    const r = Math.abs(u);
    if (r > h9) continue;
    // Tricube by multiplication: ** compiles to a pow call, once the cost of the whole decomposition.
    let w = 1;
    if (r > h1) {
      const q = r / h;
      const t = 1 - q * q * q;
      w = t * t * t;
    }
    if (userw) w *= rw[rwOff + j - 1]!;
    const yj = y[yOff + j - 1]!;
    sw += w;
    su += w * u;
    suu += w * u * u;
    sy += w * yj;
    suy += w * u * yj;
  }
  if (sw <= 0) return NaN;
  const mean = sy / sw;
  if (h > 0 && ideg > 0) {
    const a = su / sw;
    const c = suu / sw - a * a;
    if (Math.sqrt(c) > 0.001 * range) {
      // Fitted line at xs: mean + (-a / c) * (cov(u, y)).
      return mean + (-a / c) * (suy / sw - a * mean);
    }
  }
  return mean;
}

// LOESS smoothing of y (length n) into ys[ysOff..], evaluating every `njump` points and interpolating between.
function ess(
  y: Float64Array, yOff: number, n: number, len: number, ideg: number, njump: number, userw: boolean, rw: Float64Array, rwOff: number,
  ys: Float64Array, ysOff: number,
): void {
  if (n < 2) {
    ys[ysOff] = y[yOff]!;
    return;
  }
  const newnj = Math.min(njump, n - 1);
  let nleft = 0;
  let nright = 0;
  if (len >= n) {
    nleft = 1;
    nright = n;
    for (let i = 1; i <= n; i += newnj) {
      const v = est(y, yOff, n, len, ideg, i, nleft, nright, userw, rw, rwOff);
      ys[ysOff + i - 1] = Number.isNaN(v) ? y[yOff + i - 1]! : v;
    }
  } else if (newnj === 1) {
    const nsh = Math.floor((len + 1) / 2);
    nleft = 1;
    nright = len;
    for (let i = 1; i <= n; i++) {
      if (i > nsh && nright !== n) {
        nleft++;
        nright++;
      }
      const v = est(y, yOff, n, len, ideg, i, nleft, nright, userw, rw, rwOff);
      ys[ysOff + i - 1] = Number.isNaN(v) ? y[yOff + i - 1]! : v;
    }
  } else {
    const nsh = Math.floor((len + 1) / 2);
    for (let i = 1; i <= n; i += newnj) {
      if (i < nsh) {
        nleft = 1;
        nright = len;
      } else if (i >= n - nsh + 1) {
        nleft = n - len + 1;
        nright = n;
      } else {
        nleft = i - nsh + 1;
        nright = len + i - nsh;
      }
      const v = est(y, yOff, n, len, ideg, i, nleft, nright, userw, rw, rwOff);
      ys[ysOff + i - 1] = Number.isNaN(v) ? y[yOff + i - 1]! : v;
    }
  }
  if (newnj !== 1) {
    for (let i = 1; i <= n - newnj; i += newnj) {
      const delta = (ys[ysOff + i + newnj - 1]! - ys[ysOff + i - 1]!) / newnj;
      for (let j = i + 1; j <= i + newnj - 1; j++) ys[ysOff + j - 1] = ys[ysOff + i - 1]! + delta * (j - i);
    }
    const k = Math.floor((n - 1) / newnj) * newnj + 1;
    if (k !== n) {
      const v = est(y, yOff, n, len, ideg, n, nleft, nright, userw, rw, rwOff);
      ys[ysOff + n - 1] = Number.isNaN(v) ? y[yOff + n - 1]! : v;
      if (k !== n - 1) {
        const delta = (ys[ysOff + n - 1]! - ys[ysOff + k - 1]!) / (n - k);
        for (let j = k + 1; j <= n - 1; j++) ys[ysOff + j - 1] = ys[ysOff + k - 1]! + delta * (j - k);
      }
    }
  }
}

// Moving average of length len: ave has n - len + 1 values.
function movingAverage(x: Float64Array, n: number, len: number, ave: Float64Array): void {
  const newn = n - len + 1;
  let v = 0;
  for (let i = 0; i < len; i++) v += x[i]!;
  ave[0] = v / len;
  let k = len;
  let m = 0;
  for (let j = 1; j < newn; j++) {
    v = v - x[m]! + x[k]!;
    ave[j] = v / len;
    k++;
    m++;
  }
}

interface Work {
  w1: Float64Array;
  w2: Float64Array;
  w3: Float64Array;
  w4: Float64Array;
}

// Cycle-subseries smoothing, extended one cycle each side: season gets n + 2 * np values.
function subseriesSmooth(
  y: Float64Array, n: number, np: number, ns: number, isdeg: number, nsjump: number, userw: boolean, rw: Float64Array,
  season: Float64Array, wk: Work,
): void {
  const { w1, w2, w3 } = wk;
  for (let j = 1; j <= np; j++) {
    const k = Math.floor((n - j) / np) + 1;
    for (let i = 1; i <= k; i++) w1[i - 1] = y[(i - 1) * np + j - 1]!;
    if (userw) for (let i = 1; i <= k; i++) w3[i - 1] = rw[(i - 1) * np + j - 1]!;
    ess(w1, 0, k, ns, isdeg, nsjump, userw, w3, 0, w2, 1);
    let nright = Math.min(ns, k);
    const first = est(w1, 0, k, ns, isdeg, 0, 1, nright, userw, w3, 0);
    w2[0] = Number.isNaN(first) ? w2[1]! : first;
    const nleft = Math.max(1, k - ns + 1);
    nright = k;
    const last = est(w1, 0, k, ns, isdeg, k + 1, nleft, nright, userw, w3, 0);
    w2[k + 1] = Number.isNaN(last) ? w2[k]! : last;
    for (let m = 1; m <= k + 2; m++) season[(m - 1) * np + j - 1] = w2[m - 1]!;
  }
}

/** STL decomposition of a dense series with a known period (>= 2) and at least two full cycles. */
export function stl(values: readonly number[], period: number, opts: StlOptions = {}): StlResult {
  if (!Number.isInteger(period) || period < 2) throw badInput(`STL needs an integer period >= 2, got ${period}`);
  requirePoints(values.length, 2 * period, `decompose with period ${period}`);
  requireFinite(values, `decompose with period ${period}`);
  const n = values.length;
  const np = period;
  const ns = nextOdd(Math.max(3, opts.seasonal ?? 7));
  const nt = nextOdd(Math.max(3, opts.trend ?? Math.ceil((1.5 * np) / (1 - 1.5 / ns))));
  const nl = nextOdd(Math.max(3, opts.lowPass ?? np + 1));
  const isdeg = opts.seasonalDeg ?? 1;
  const itdeg = opts.trendDeg ?? 1;
  const ildeg = opts.lowPassDeg ?? 1;
  const robust = opts.robust ?? false;
  const ni = opts.inner ?? (robust ? 2 : 5);
  const no = opts.outer ?? (robust ? 15 : 0);
  const nsjump = Math.max(1, opts.seasonalJump ?? Math.ceil(ns / 10));
  const ntjump = Math.max(1, opts.trendJump ?? Math.ceil(nt / 10));
  const nljump = Math.max(1, opts.lowPassJump ?? Math.ceil(nl / 10));

  const y = Float64Array.from(values);
  const trend = new Float64Array(n);
  const season = new Float64Array(n);
  const rw = new Float64Array(n);
  const big = n + 2 * np;
  const wk: Work = { w1: new Float64Array(big), w2: new Float64Array(big), w3: new Float64Array(big), w4: new Float64Array(big) };
  const seasonExt = new Float64Array(big);
  // Kept apart from the work arrays: the subseries pass reuses those while it reads this.
  const detrended = new Float64Array(n);
  let userw = false;
  for (let k = 0; ; k++) {
    for (let it = 0; it < ni; it++) {
      const { w1, w3, w4 } = wk;
      for (let i = 0; i < n; i++) detrended[i] = y[i]! - trend[i]!;
      subseriesSmooth(detrended, n, np, ns, isdeg, nsjump, userw, rw, seasonExt, wk);
      // Low-pass filter of the extended seasonal: MA(np), MA(np), MA(3), then LOESS.
      movingAverage(seasonExt, big, np, w3);
      movingAverage(w3, big - np + 1, np, w1);
      movingAverage(w1, big - 2 * np + 2, 3, w3);
      ess(w3, 0, n, nl, ildeg, nljump, false, w4, 0, w1, 0);
      for (let i = 0; i < n; i++) season[i] = seasonExt[np + i]! - w1[i]!;
      for (let i = 0; i < n; i++) w1[i] = y[i]! - season[i]!;
      ess(w1, 0, n, nt, itdeg, ntjump, userw, rw, 0, trend, 0);
    }
    if (k >= no) break;
    robustnessWeights(y, trend, season, rw);
    userw = true;
  }
  if (no <= 0) rw.fill(1);
  const remainder = new Array<number>(n);
  for (let i = 0; i < n; i++) remainder[i] = y[i]! - trend[i]! - season[i]!;
  return { period, trend: Array.from(trend), seasonal: Array.from(season), remainder, weights: Array.from(rw) };
}

// Bisquare weights on |remainder| / (6 * median |remainder|), as stlrwt.
function robustnessWeights(y: Float64Array, trend: Float64Array, season: Float64Array, rw: Float64Array): void {
  const n = y.length;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = Math.abs(y[i]! - trend[i]! - season[i]!);
  // The two middle order statistics by selection (a full typed-array sort costs more than the smoothing).
  const work = Float64Array.from(r);
  const mid1 = selectKth(work, Math.floor(n / 2));
  const mid2 = selectKth(work, n - Math.floor(n / 2) - 1);
  const cmad = 3 * (mid1 + mid2);
  const c9 = 0.999 * cmad;
  const c1 = 0.001 * cmad;
  for (let i = 0; i < n; i++) {
    const ri = r[i]!;
    if (ri <= c1) rw[i] = 1;
    else if (ri <= c9) {
      const q = ri / cmad;
      const u = 1 - q * q;
      rw[i] = u * u;
    } else rw[i] = 0;
  }
}
