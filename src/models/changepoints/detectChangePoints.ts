import { badInput } from '../../shared/errors.js';
import { requireFiniteOrNull, requirePoints } from '../guards.js';
import { robustSigma, variance } from '../math/stats.js';
import { NOT_ENOUGH } from '../minimums.js';
import { stl } from '../seasonality/stl.js';
import { denseValues } from '../series/gaps.js';
import { datesOf, type RegularSeries } from '../series/regularSeries.js';
import { binarySegmentation, pelt } from './search.js';
import { segmentCost, type SegmentModel } from './segmentCost.js';

export interface ChangePoint {
  /** Index (in the input series) of the last point before the change, as R's changepoint reports it. */
  index: number;
  /** Date of that last point: "break at 1898" means the new regime starts with the next period. */
  date: string;
  /** Date of the first point of the new regime. */
  firstDateAfter: string;
  /** Level just before and just after the change (segment means, or the fitted lines at the break). */
  before: number;
  after: number;
  /** after - before. */
  magnitude: number;
  /** |magnitude| in noise standard deviations. */
  score: number;
  slopeBefore: number;
  slopeAfter: number;
}

export interface ChangePointOptions {
  model?: SegmentModel;
  /** MBIC (default, Zhang & Siegmund), BIC, or a number on the -2 log-likelihood scale. */
  penalty?: 'mbic' | 'bic' | number;
  method?: 'pelt' | 'binseg';
  /** Shortest segment (default 2 for means, 4 for lines). */
  minSegment?: number;
  /** Remove a seasonal component of this period (robust STL) before searching. */
  period?: number;
  maxChanges?: number;
}

export interface ChangePointResult {
  changePoints: ChangePoint[];
  model: SegmentModel;
  method: 'pelt' | 'binseg';
  penalty: number;
  /** Noise standard deviation used by the cost (robust, from first differences). */
  sigma: number;
  deseasonalized: boolean;
}

/** Above this length PELT's worst case is too slow for a request: binary segmentation takes over. */
export const PELT_MAX_POINTS = 20_000;

/** Change points in level (model 'mean') or in trend (model 'slope'), with dates, levels and magnitudes. */
export function detectChangePoints(series: RegularSeries, opts: ChangePointOptions = {}): ChangePointResult {
  const model = opts.model ?? 'mean';
  if (model !== 'mean' && model !== 'slope') throw badInput(`change-point model must be 'mean' or 'slope', got '${String(model)}'`);
  const present = requireFiniteOrNull(series.values, 'detect change points');
  requirePoints(present, NOT_ENOUGH.changePoints, 'detect change points');
  const dense = denseValues(series.values);
  let y = dense.values;
  let deseasonalized = false;
  if (opts.period !== undefined) {
    const fit = stl(y, opts.period, { robust: true });
    y = y.map((v, i) => v - fit.seasonal[i]!);
    deseasonalized = true;
  }
  const n = y.length;
  const minSeg = opts.minSegment ?? (model === 'mean' ? 2 : 4);
  if (!Number.isInteger(minSeg) || minSeg < 1) throw badInput(`minSegment must be a positive integer, got ${minSeg}`);
  const dates = datesOf(series);
  const empty = (sigma: number, penalty: number): ChangePointResult => ({ changePoints: [], model, method: 'pelt', penalty, sigma, deseasonalized });
  // Noise scale from first differences: a level shift or a trend barely moves their median spread.
  const diffs = y.slice(1).map((v, i) => v - y[i]!);
  let sigma = robustSigma(diffs) / Math.SQRT2;
  if (!(sigma > 0)) sigma = Math.sqrt(variance(y));
  if (!(sigma > 0)) return empty(0, 0);
  const cost = segmentCost(y, model, sigma * sigma);
  const p = cost.params;
  const mbic = opts.penalty === undefined || opts.penalty === 'mbic';
  const penalty = typeof opts.penalty === 'number' ? opts.penalty : mbic ? (p + 2) * Math.log(n) : p * Math.log(n);
  if (!(penalty >= 0) || !Number.isFinite(penalty)) throw badInput(`penalty must be a non-negative number, got ${String(opts.penalty)}`);
  const extra = mbic ? (len: number) => Math.log(len) : () => 0;
  const method = opts.method ?? (n > PELT_MAX_POINTS ? 'binseg' : 'pelt');
  const maxChanges = opts.maxChanges ?? Math.floor(n / minSeg);
  const ends = method === 'pelt' ? pelt(cost, n, penalty, minSeg, extra) : binarySegmentation(cost, n, penalty, minSeg, maxChanges, extra);
  const changePoints: ChangePoint[] = [];
  for (let k = 0; k + 1 < ends.length && changePoints.length < maxChanges; k++) {
    const s = k === 0 ? 0 : ends[k - 1]!;
    const c = ends[k]!;
    const t = ends[k + 1]!;
    const left = cost.fit(s, c);
    const right = cost.fit(c, t);
    const at = c - 0.5;
    const before = left.intercept + left.slope * at;
    const after = right.intercept + right.slope * at;
    const index = dense.offset + c - 1;
    changePoints.push({
      index,
      date: dates[index]!,
      firstDateAfter: dates[index + 1]!,
      before,
      after,
      magnitude: after - before,
      score: Math.abs(after - before) / sigma,
      slopeBefore: left.slope,
      slopeAfter: right.slope,
    });
  }
  return { changePoints, model, method, penalty, sigma, deseasonalized };
}
