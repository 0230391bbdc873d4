import { mulberry32 } from '../math/prng.js';
import { normalQuantile } from '../math/special.js';
import { selectKth } from '../math/stats.js';

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
  if (n % 2 === 1) return selectKth(a, (n - 1) / 2);
  const hi = selectKth(a, n / 2);
  let lo = -Infinity;
  for (let i = 0; i < n / 2; i++) if (a[i]! > lo) lo = a[i]!;
  return (lo + hi) / 2;
}

/** Sen's slope: the median of all pairwise slopes (y_j - y_i) / (x_j - x_i); pass `slopes` to reuse them. */
export function sensSlope(x: readonly number[], y: readonly number[], slopes = pairwiseSlopes(x, y)): number {
  return medianOf(slopes);
}

/**
 * Confidence interval of Sen's slope (Gilbert 1987): with C = z * sqrt(Var S), the bounds are the
 * (N - C)/2-th and (N + C)/2 + 1-th ordered slopes.
 */
export function sensSlopeCi(x: readonly number[], y: readonly number[], varS: number, level: number, slopes = pairwiseSlopes(x, y)): [number, number] {
  const N = slopes.length;
  const scale = N / ((y.length * (y.length - 1)) / 2);
  const c = normalQuantile(0.5 + level / 2) * Math.sqrt(varS) * scale;
  const lowerRank = Math.max(0, Math.min(N - 1, Math.round((N - c) / 2) - 1));
  const upperRank = Math.max(0, Math.min(N - 1, Math.round((N + c) / 2)));
  const lower = selectKth(slopes, lowerRank);
  const upper = selectKth(slopes, upperRank);
  return [lower, upper];
}
