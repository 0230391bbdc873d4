import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors.js';
import { mannKendall } from '../../../../src/models/trend/mannKendall.js';
import { olsTrend } from '../../../../src/models/trend/ols.js';
import { readCsv } from '../vega.js';

// References: scipy 1.10 linregress / theilslopes / norm, and the Hamed-Rao formula computed in
// Python with statsmodels' acf (the pymannkendall recipe), on vega's global-temp (144 years).
const temps = readCsv('global-temp.csv').map((r) => Number(r.temp));
const x = temps.map((_, i) => i);

describe('OLS trend', () => {
  it('matches scipy linregress on global-temp', () => {
    const t = olsTrend(x, temps);
    expect(t.slope).toBeCloseTo(0.007933345390241944, 12);
    expect(t.intercept).toBeCloseTo(-0.4995258620689657, 10);
    expect(t.slopeStdErr).toBeCloseTo(0.00037014940938302705, 12);
    expect(t.pValue / 2.378043691498509e-46).toBeCloseTo(1, 4);
    expect(t.rSquared).toBeCloseTo(0.7638708189977371, 10);
    const q = 1.9768109936200895;
    expect(t.ci[0]).toBeCloseTo(t.slope - q * t.slopeStdErr, 10);
  });
  it('a flat noisy series is not significant (scipy p = 0.7295)', () => {
    const y = [5, 3, 4, 4, 6, 2, 5, 3, 4, 5, 3, 4];
    const t = olsTrend(y.map((_, i) => i), y);
    expect(t.slope).toBeCloseTo(-0.03496503496503496, 12);
    expect(t.pValue).toBeCloseTo(0.7295239519564279, 8);
  });
  it('exact line: zero standard error, p = 0, no NaN', () => {
    const t = olsTrend([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(t.slope).toBe(2);
    expect(t.pValue).toBe(0);
    expect(Number.isFinite(t.tStatistic)).toBe(true);
  });
  it('constant series: slope 0, p = 1', () => {
    const t = olsTrend([0, 1, 2, 3, 4], [7, 7, 7, 7, 7]);
    expect(t.slope).toBe(0);
    expect(t.pValue).toBe(1);
  });
  it('refuses 2 points, 1e300 and mismatched arrays with AppError', () => {
    expect(() => olsTrend([0, 1], [1, 2])).toThrow(/not enough data to fit a trend line: 2 points, need 3/);
    expect(() => olsTrend([0, 1, 2], [1, 1e300, 2])).toThrow(AppError);
    expect(() => olsTrend([0, 1, 2], [1, 2])).toThrow(/differ in length/);
  });
});

describe('Mann-Kendall + Sen', () => {
  it('matches the reference S, Var(S), Sen slope and CI without autocorrelation correction', () => {
    const mk = mannKendall(x, temps, { hamedRao: false });
    expect(mk.s).toBe(7397);
    expect(mk.varS).toBeCloseTo(335035, 6);
    expect(mk.z).toBeCloseTo(12.777674278185653, 8);
    expect(mk.slope).toBeCloseTo(0.007857142857142856, 12);
    expect(mk.ci[0]).toBeCloseTo(0.006967213114754099, 12);
    expect(mk.ci[1]).toBeCloseTo(0.008695652173913044, 12);
  });
  it('Hamed-Rao: n/n* and p as in the pymannkendall recipe', () => {
    const mk = mannKendall(x, temps);
    expect(mk.varianceFactor).toBeCloseTo(11.858995222923848, 6);
    expect(mk.z).toBeCloseTo(3.7104609565368123, 6);
    expect(mk.pValue).toBeCloseTo(0.00020688220304454497, 8);
  });
  it('ties: matches scipy theilslopes and the tie-corrected variance', () => {
    const y = [5, 3, 4, 4, 6, 2, 5, 3, 4, 5, 3, 4];
    const mk = mannKendall(y.map((_, i) => i), y, { hamedRao: false });
    expect(mk.s).toBe(-4);
    expect(mk.varS).toBeCloseTo(196.66666666666666, 8);
    expect(mk.pValue).toBeCloseTo(0.8306077201746693, 8);
    expect(mk.slope).toBe(0);
    expect(mk.ci[0]).toBeCloseTo(-0.2857142857142857, 12);
    expect(mk.ci[1]).toBeCloseTo(0.25, 12);
  });
  it('constant series: S = 0, p = 1, slope 0', () => {
    const mk = mannKendall([0, 1, 2, 3, 4, 5, 6, 7, 8], new Array(9).fill(3));
    expect(mk.pValue).toBe(1);
    expect(mk.slope).toBe(0);
  });
  it('robust to one huge outlier where OLS is not', () => {
    const y = Array.from({ length: 40 }, (_, i) => i * 0.5 + ((i * 7) % 5) * 0.1);
    y[39] = -500;
    expect(mannKendall(y.map((_, i) => i), y).slope).toBeGreaterThan(0.4);
    expect(olsTrend(y.map((_, i) => i), y).slope).toBeLessThan(0);
  });
  it('refuses 3 points', () => {
    expect(() => mannKendall([0, 1, 2], [1, 2, 3])).toThrow(/need 4/);
  });
});
