import { requireFinite, requirePoints } from '../guards.js';

/** Sample autocorrelation at lags 0..maxLag (biased estimator, as R's acf and statsmodels). */
export function acf(values: readonly number[], maxLag: number): number[] {
  requirePoints(values.length, 2, 'compute autocorrelations');
  requireFinite(values, 'compute autocorrelations');
  const n = values.length;
  const lags = Math.max(0, Math.min(maxLag, n - 1));
  let m = 0;
  for (let i = 0; i < n; i++) m += values[i]!;
  m /= n;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = values[i]! - m;
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += d[i]! * d[i]!;
  const out = new Array<number>(lags + 1).fill(0);
  if (c0 === 0) {
    out[0] = 1;
    return out;
  }
  for (let k = 0; k <= lags; k++) {
    let c = 0;
    for (let i = 0; i + k < n; i++) c += d[i]! * d[i + k]!;
    out[k] = c / c0;
  }
  return out;
}
