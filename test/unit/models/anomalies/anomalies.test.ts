import { describe, expect, it } from 'vitest';
import { detectAnomalies } from '../../../../src/models/anomalies/detectAnomalies.js';
import { generalizedEsd } from '../../../../src/models/anomalies/generalizedEsd.js';
import { mulberry32, normalSource } from '../../../../src/models/math/prng.js';
import { regularize, type RegularSeries } from '../../../../src/models/series/regularSeries.js';
import { readCsv } from '../vega.js';

// NIST/SEMATECH e-Handbook 1.3.5.17.3, Rosner's example: 54 values, up to 10 outliers, alpha 0.05.
const ROSNER = [
  -0.25, 0.68, 0.94, 1.15, 1.2, 1.26, 1.26, 1.34, 1.38, 1.43, 1.49, 1.49, 1.55, 1.56, 1.58, 1.65, 1.69, 1.7, 1.76, 1.77, 1.81, 1.91, 1.94, 1.96, 1.99,
  2.06, 2.09, 2.1, 2.14, 2.15, 2.23, 2.24, 2.26, 2.35, 2.37, 2.4, 2.47, 2.54, 2.62, 2.64, 2.9, 2.92, 2.92, 2.93, 3.21, 3.26, 3.3, 3.59, 3.68, 4.3, 4.64,
  5.34, 5.42, 6.01,
];

describe('generalized ESD', () => {
  it('reproduces the NIST handbook table: 3 outliers', () => {
    const r = generalizedEsd(ROSNER, { maxOutliers: 10 });
    const stats = [3.118, 2.942, 3.179, 2.81, 2.815, 2.848, 2.279, 2.31, 2.101, 2.067];
    const crit = [3.158, 3.151, 3.143, 3.136, 3.128, 3.12, 3.111, 3.103, 3.094, 3.085];
    r.steps.forEach((s, i) => {
      expect(s.statistic).toBeCloseTo(stats[i]!, 2);
      expect(s.critical).toBeCloseTo(crit[i]!, 2);
    });
    expect(r.count).toBe(3);
    expect(r.outliers.map((i) => ROSNER[i]).sort()).toEqual([5.34, 5.42, 6.01]);
  });
});

const co2 = regularize(readCsv('co2-concentration.csv').map((r) => ({ t: r.Date!, v: Number(r.CO2) })), 'month');

describe('detectAnomalies', () => {
  const spiked = (): RegularSeries => {
    const values = co2.values.slice();
    values[100] = values[100]! + 6;
    values[400] = values[400]! - 5;
    values[650] = values[650]! + 4;
    return { ...co2, values };
  };
  it.each(['robust-z', 'seasonal-esd'] as const)('%s finds spikes injected into co2 with their dates and expected values', (method) => {
    const r = detectAnomalies(spiked(), { method });
    expect(r.period).toBe(12);
    const idx = r.anomalies.map((a) => a.index);
    expect(idx).toEqual(expect.arrayContaining([100, 400, 650]));
    // co2's remainder is heavy-tailed (about 57 of 746 months pass |z| > 3.5 unspiked, each 0.5-1 ppm):
    // the injected spikes must rank first.
    const top3 = r.anomalies.slice().sort((p, q) => Math.abs(q.score) - Math.abs(p.score)).slice(0, 3).map((x) => x.index);
    expect(top3.sort((p, q) => p - q)).toEqual([100, 400, 650]);
    const a = r.anomalies.find((x) => x.index === 400)!;
    expect(a.direction).toBe('below');
    expect(a.date).toBe('1991-07-01');
    expect(a.expected - a.value).toBeGreaterThan(4);
    expect(a.expected - a.value).toBeLessThan(6);
  });
  it('white noise with no season: few false alarms at 3.5 robust z', () => {
    const z = normalSource(mulberry32(5));
    const r = detectAnomalies({ start: '2000', grain: 'year', values: Array.from({ length: 300 }, () => z()) });
    expect(r.period).toBeNull();
    expect(r.anomalies.length).toBeLessThanOrEqual(3);
  });
  it('never reports an interpolated gap', () => {
    const s = spiked();
    s.values[101] = null;
    const r = detectAnomalies(s);
    expect(r.anomalies.some((a) => a.index === 101)).toBe(false);
  });
  it('bad input: short, all null, constant, 1e300', () => {
    const m = (values: (number | null)[]): RegularSeries => ({ start: '2000-01-01', grain: 'month', values });
    expect(() => detectAnomalies(m([1, 2, 3]))).toThrow(/not enough data to detect anomalies: 3 points, need 8/);
    expect(() => detectAnomalies(m(new Array(30).fill(null)))).toThrow(/0 points/);
    expect(detectAnomalies(m(new Array(30).fill(2))).anomalies).toEqual([]);
    expect(() => detectAnomalies(m([...new Array(30).fill(2), -1e300]))).toThrow(/too large/);
  });
});
