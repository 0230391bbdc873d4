import { describe, expect, it } from 'vitest';
import { effectScore, insightScore, normalP, sdOf, significanceScore } from '../../../../src/models/autoInsights/score.js';
import { lineChart, VEGA_LITE_SCHEMA } from '../../../../src/models/autoInsights/chartSpec.js';
import { chooseGrain, estimatePeriods } from '../../../../src/models/seriesSpec.js';

describe('auto insight scores', () => {
  it('significance and effect map to [0, 1] and rank certainty × size', () => {
    expect(significanceScore(1e-6)).toBe(1);
    expect(significanceScore(1e-3)).toBeCloseTo(0.5, 12);
    expect(significanceScore(1)).toBeCloseTo(0, 12);
    expect(effectScore(0)).toBe(0);
    expect(effectScore(1)).toBeCloseTo(1 - Math.exp(-1), 12);
    // A tiny certain effect and a big noisy one both rank below a big certain one.
    expect(insightScore(1e-9, 3)).toBeGreaterThan(insightScore(1e-9, 0.05));
    expect(insightScore(1e-9, 3)).toBeGreaterThan(insightScore(0.04, 3));
  });
  it('normal p-values against known quantiles, Bonferroni-capped', () => {
    expect(normalP(1.959963985)).toBeCloseTo(0.05, 6);
    expect(normalP(2.575829304)).toBeCloseTo(0.01, 6);
    expect(normalP(1.959963985, 10)).toBeCloseTo(0.5, 5);
    expect(normalP(0, 5)).toBe(1);
  });
  it('sd skips nulls (sample sd of 2, 4, 4, 4, 5, 5, 7, 9 is 2.138…)', () => {
    expect(sdOf([2, null, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(sdOf([null, 3])).toBe(0);
  });
});

describe('series grain choice and charts', () => {
  it('estimates periods and coarsens the default grain until the series is short enough', () => {
    expect(estimatePeriods('2012-01-01', '2015-12-31', 'day')).toBe(1461);
    expect(chooseGrain('day', '2012-01-01', '2015-12-31', 400)).toBe('week');
    expect(chooseGrain('hour', '2015-01-01T00:00:00', '2015-05-30T23:00:00', 5000)).toBe('hour');
    expect(chooseGrain('hour', '2015-01-01T00:00:00', '2015-05-30T23:00:00', 400)).toBe('day');
    expect(chooseGrain('month', null, null)).toBe('month');
  });
  it('a Vega-Lite v5 line with trend, marks and rules layers', () => {
    const spec = lineChart({ title: 't', measure: 'm', dates: ['2020-01-01', '2020-02-01', '2020-03-01'], values: [1, null, 3], trendLine: { intercept: 1, slope: 1 }, marks: [{ date: '2020-03-01', value: 3 }], rules: ['2020-02-01'] }) as any;
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(spec.layer).toHaveLength(4);
    expect(spec.layer[0].data.values[1]).toEqual({ date: '2020-02-01', value: null });
    expect(spec.layer[1].data.values[1]).toEqual({ date: '2020-03-01', value: 3 });
  });
});
