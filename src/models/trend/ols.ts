import { badInput } from '../../shared/errors.js';
import { requireFinite, requirePoints } from '../guards.js';
import { studentTQuantile, studentTTwoSidedP } from '../math/special.js';

/** Ordinary least squares line y = intercept + slope * x, with inference on the slope. */
export interface OlsTrend {
  method: 'ols';
  n: number;
  slope: number;
  intercept: number;
  /** Standard error of the slope. */
  slopeStdErr: number;
  /** Confidence interval of the slope at `level`. */
  ci: [number, number];
  level: number;
  tStatistic: number;
  df: number;
  /** Two-sided p-value for slope = 0 (Student t, n - 2 df). */
  pValue: number;
  rSquared: number;
}

/** OLS slope of y on x (x is usually the period index), with its t-based CI and p-value. */
export function olsTrend(x: readonly number[], y: readonly number[], level = 0.95): OlsTrend {
  if (x.length !== y.length) throw badInput(`x and y differ in length (${x.length} vs ${y.length})`);
  if (!(level > 0 && level < 1)) throw badInput(`confidence level must be between 0 and 1, got ${level}`);
  requirePoints(y.length, 3, 'fit a trend line');
  requireFinite(x, 'fit a trend line');
  requireFinite(y, 'fit a trend line');
  const n = y.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw badInput('cannot fit a trend line: all points share the same time');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const df = n - 2;
  const sse = Math.max(0, syy - slope * sxy);
  const sigma2 = sse / df;
  const se = Math.sqrt(sigma2 / sxx);
  const q = studentTQuantile(0.5 + level / 2, df);
  // A perfect fit (constant or exactly linear data) has se = 0: report p = 0 only when the slope is non-zero.
  const t = se > 0 ? slope / se : slope === 0 ? 0 : Math.sign(slope) * Infinity;
  const pValue = se > 0 ? studentTTwoSidedP(t, df) : slope === 0 ? 1 : 0;
  return {
    method: 'ols',
    n,
    slope,
    intercept,
    slopeStdErr: se,
    ci: [slope - q * se, slope + q * se],
    level,
    tStatistic: Number.isFinite(t) ? t : Math.sign(t) * Number.MAX_VALUE,
    df,
    pValue,
    rSquared: syy > 0 ? 1 - sse / syy : 1,
  };
}
