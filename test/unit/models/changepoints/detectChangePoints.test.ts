import { describe, expect, it } from 'vitest';
import { detectChangePoints } from '../../../../src/models/changepoints/detectChangePoints.js';
import { regularize, type RegularSeries } from '../../../../src/models/series/regularSeries.js';
import { mulberry32, normalSource } from '../../../../src/models/math/prng.js';
import { NILE, readCsv, readJson } from '../vega.js';

const nile: RegularSeries = { start: '1871', grain: 'year', values: NILE };

describe('change points: known answers', () => {
  it('Nile: PELT + MBIC finds exactly one break, at 1898, from ~1098 to ~850', () => {
    const r = detectChangePoints(nile);
    expect(r.changePoints).toHaveLength(1);
    const c = r.changePoints[0]!;
    expect(c.date).toBe('1898-01-01');
    expect(c.index).toBe(27);
    expect(c.firstDateAfter).toBe('1899-01-01');
    // Segment means from R: mean(Nile[1:28]) = 1097.75, mean(Nile[29:100]) = 849.9722; strucchange::breakpoints also dates it 1898.
    expect(c.before).toBeCloseTo(1097.75, 6);
    expect(c.after).toBeCloseTo(849.9722, 3);
    expect(c.magnitude).toBeLessThan(-200);
  });
  it('Nile: binary segmentation agrees (1898)', () => {
    const r = detectChangePoints(nile, { method: 'binseg' });
    expect(r.changePoints.map((c) => c.date)).toEqual(['1898-01-01']);
  });
  it('global-temp: a change in slope in the 20th century, warming faster after it', () => {
    const gt = regularize(readCsv('global-temp.csv').map((r) => ({ t: r.year!, v: Number(r.temp) })), 'year');
    const r = detectChangePoints(gt, { model: 'slope' });
    const in20th = r.changePoints.filter((c) => c.date >= '1900' && c.date < '2000');
    expect(in20th.length).toBeGreaterThan(0);
    const last = r.changePoints.at(-1)!;
    expect(last.slopeAfter).toBeGreaterThan(0.01);
  });
  it('unemployment per industry (deseasonalized): the largest shift is in 2008-2009 for most industries', () => {
    const rows = readJson<{ series: string; date: string; rate: number }[]>('unemployment-across-industries.json');
    const industries = [...new Set(rows.map((r) => r.series))];
    let hits = 0;
    for (const ind of industries) {
      const s = regularize(rows.filter((r) => r.series === ind).map((r) => ({ t: r.date, v: r.rate })), 'month');
      const cps = detectChangePoints(s, { period: 12 }).changePoints;
      const biggest = cps.reduce((a, b) => (Math.abs(b.magnitude) > Math.abs(a.magnitude) ? b : a));
      if (biggest.date >= '2008-01' && biggest.date < '2010-01') hits++;
    }
    expect(industries.length).toBe(14);
    expect(hits).toBeGreaterThanOrEqual(10);
  });
});

describe('change points: bad input', () => {
  const yearly = (values: (number | null)[]): RegularSeries => ({ start: '2000', grain: 'year', values });
  it.each([0, 1, 2, 3])('%i points: NOT_ENOUGH_DATA', (n) => {
    expect(() => detectChangePoints(yearly(new Array(n).fill(1)))).toThrow(/not enough data to detect change points/);
  });
  it('constant series: no change, sigma 0, no NaN', () => {
    const r = detectChangePoints(yearly(new Array(20).fill(4)));
    expect(r.changePoints).toEqual([]);
  });
  it('all null and 1e300', () => {
    expect(() => detectChangePoints(yearly(new Array(20).fill(null)))).toThrow(/0 points, need 6/);
    expect(() => detectChangePoints(yearly([...new Array(20).fill(1), 1e300]))).toThrow(/too large/);
  });
  it('interior gaps are interpolated and dates stay true', () => {
    const z = normalSource(mulberry32(11));
    const values: (number | null)[] = [...new Array(15).fill(0), ...new Array(15).fill(10)].map((v) => v + z());
    values[5] = null;
    const r = detectChangePoints(yearly([null, null, ...values]));
    expect(r.changePoints.map((c) => c.date)).toEqual(['2016-01-01']);
  });
});
