import { mulberry32 } from '../math/prng.js';
import { normalQuantile } from '../math/special.js';
import { selectRanks } from '../math/stats.js';
import { slopeOrderStatistics } from './slopeSelect.js';

/** Above this many pairs, slopes come from a seeded random sample of pairs (memory stays ~16 MB). */
export const MAX_SLOPE_PAIRS = 2_000_000;

/** All pairwise slopes (or a reproducible sample of them when there are too many). */
export function pairwiseSlopes(x: readonly number[], y: readonly number[]): Float64Array {
  const n = y.length;
  const total = (n * (n - 1)) / 2;
  if (total <= MAX_SLOPE_PAIRS) {
    const out = new Float64Array(total);
    let k = 0;
    for (let i = 0; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) out[k++] = (y[j]! - y[i]!) / (x[j]! - x[i]!);
    }
    return out;
  }
  const rnd = mulberry32(n);
  const out = new Float64Array(MAX_SLOPE_PAIRS);
  for (let k = 0; k < MAX_SLOPE_PAIRS; k++) {
    let i = Math.floor(rnd() * n);
    let j = Math.floor(rnd() * n);
    while (j === i) j = Math.floor(rnd() * n);
    if (j < i) [i, j] = [j, i];
    out[k] = (y[j]! - y[i]!) / (x[j]! - x[i]!);
  }
  return out;
}

function medianOf(a: Float64Array): number {
  const n = a.length;
  if (n % 2 === 1) return selectRanks(a, [(n - 1) / 2])[0]!;
  const [lo, hi] = selectRanks(a, [n / 2 - 1, n / 2]);
  return (lo! + hi!) / 2;
}

/**
 * True when the slopes' order statistics can be found without storing the pairs (x strictly
 * increasing, n >= 200 since below that storing them is cheaper, pairs within MAX_SLOPE_PAIRS);
 * otherwise callers compute pairwiseSlopes once and pass them.
 */
export function exactWithoutPairs(x: readonly number[], y: readonly number[]): boolean {
  const n = y.length;
  if (n < 200 || (n * (n - 1)) / 2 > MAX_SLOPE_PAIRS) return false;
  for (let i = 1; i < n; i++) if (!(x[i]! > x[i - 1]!)) return false;
  return true;
}

// Order statistics of all slopes by the O(n log n + K) dual method; over stored slopes when its bracket missed (heavy ties).
function slopeRanks(x: readonly number[], y: readonly number[], ranks: number[]): number[] {
  return slopeOrderStatistics(x, y, ranks) ?? selectRanks(pairwiseSlopes(x, y), ranks);
}

/** Sen's slope: the median of all pairwise slopes (y_j - y_i) / (x_j - x_i); pass `slopes` to reuse stored ones. */
export function sensSlope(x: readonly number[], y: readonly number[], slopes?: Float64Array): number {
  if (!slopes && exactWithoutPairs(x, y)) {
    const total = (y.length * (y.length - 1)) / 2;
    const v = slopeRanks(x, y, total % 2 === 1 ? [(total - 1) / 2] : [total / 2 - 1, total / 2]);
    return v.length === 1 ? v[0]! : (v[0]! + v[1]!) / 2;
  }
  return medianOf(slopes ?? pairwiseSlopes(x, y));
}

/**
 * Confidence interval of Sen's slope (Gilbert 1987): with C = z * sqrt(Var S), the bounds are the
 * (N - C)/2-th and (N + C)/2 + 1-th ordered slopes.
 */
export function sensSlopeCi(x: readonly number[], y: readonly number[], varS: number, level: number, slopes?: Float64Array): [number, number] {
  if (!slopes && exactWithoutPairs(x, y)) {
    const N = (y.length * (y.length - 1)) / 2;
    const c = normalQuantile(0.5 + level / 2) * Math.sqrt(varS);
    const lowerRank = Math.max(0, Math.min(N - 1, Math.round((N - c) / 2) - 1));
    const upperRank = Math.max(0, Math.min(N - 1, Math.round((N + c) / 2)));
    const [lower, upper] = slopeRanks(x, y, [lowerRank, upperRank]);
    return [lower!, upper!];
  }
  slopes ??= pairwiseSlopes(x, y);
  const N = slopes.length;
  const scale = N / ((y.length * (y.length - 1)) / 2);
  const c = normalQuantile(0.5 + level / 2) * Math.sqrt(varS) * scale;
  const lowerRank = Math.max(0, Math.min(N - 1, Math.round((N - c) / 2) - 1));
  const upperRank = Math.max(0, Math.min(N - 1, Math.round((N + c) / 2)));
  const [lower, upper] = selectRanks(slopes, [lowerRank, upperRank]);
  return [lower!, upper!];
}
