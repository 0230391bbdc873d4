import { describe, expect, it } from 'vitest';
import { incompleteBeta, logGamma, normalCdf, normalQuantile, studentTCdf, studentTQuantile } from '../../../../src/models/math/special.js';

// Quantiles from R 4 (qt, printed to 16 digits; scipy's t.ppf is less precise in the tail),
// CDF values from scipy.stats 1.10 t.cdf, and textbook constants.
describe('special functions', () => {
  it('logGamma matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
  });
  it('incomplete beta: symmetric case and closed form I_x(1, b) = 1 - (1-x)^b', () => {
    expect(incompleteBeta(0.5, 3, 3)).toBeCloseTo(0.5, 12);
    expect(incompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 12);
  });
  it.each([
    [1, 0.975, 12.7062047361746941],
    [3, 0.995, 5.840909309733354],
    [10, 0.975, 2.2281388519862739],
    [30, 0.9, 1.3104150253913955],
    [200, 0.999, 3.1314798142211213],
    [2.5, 0.3, -0.5973077382523155],
  ])('t quantile df=%s p=%s', (df, p, q) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(q, 10);
  });
  it.each([
    [1, 0.16925302733033265],
    [3, 0.09384532077670496],
    [10, 0.05998467295451019],
    [30, 0.049738937794258434],
    [200, 0.045342739745740886],
  ])('t cdf(-1.7) df=%s', (df, p) => {
    expect(studentTCdf(-1.7, df)).toBeCloseTo(p, 10);
  });
  it('normal cdf and quantile', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 13);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 10);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 7);
  });
});
