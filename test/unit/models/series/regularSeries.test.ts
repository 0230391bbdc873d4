import { describe, expect, it } from 'vitest';
import { fillLinear, dropLeadingTrailingNulls, denseValues } from '../../../../src/models/series/gaps.js';
import { aggregateTo, dateAt, regularize } from '../../../../src/models/series/regularSeries.js';
import { analyseTrend } from '../../../../src/models/trend/analyseTrend.js';
import { describeTrend } from '../../../../src/models/trend/describeTrend.js';
import { readCsv } from '../vega.js';

describe('regularize', () => {
  it('co2: missing months become explicit nulls, nothing shifts', () => {
    const s = regularize(readCsv('co2-concentration.csv').map((r) => ({ t: r.Date!, v: Number(r.CO2) })), 'month');
    expect(s.start).toBe('1958-03-01');
    expect(s.values[3]).toBeNull(); // 1958-06 is absent from the file
    expect(dateAt(s, 4)).toBe('1958-07-01');
    expect(s.values[4]).toBe(315.86);
  });
  it('irregular timestamps bucket to the grain; duplicates are averaged or summed', () => {
    const pts = [
      { t: '2020-01-01T10:15:00Z', v: 1 },
      { t: '2020-01-01T10:45:00Z', v: 3 },
      { t: '2020-01-01 13:05', v: 5 },
      { t: '2020/01/01 11:59:59', v: null },
    ];
    expect(regularize(pts, 'hour')).toEqual({ start: '2020-01-01T10:00:00Z', grain: 'hour', values: [2, null, null, 5] });
    expect(regularize(pts, 'hour', 'sum').values).toEqual([4, null, null, 5]);
    expect(regularize(pts, 'day').values).toEqual([3]);
  });
  it('weeks start on Monday; quarters and years', () => {
    expect(regularize([{ t: '2024-01-03', v: 1 }], 'week').start).toBe('2024-01-01');
    expect(regularize([{ t: '2024-05-20', v: 1 }, { t: '2024-12-01', v: 2 }], 'quarter')).toMatchObject({ start: '2024-04-01', values: [1, null, 2] });
    expect(aggregateTo({ start: '2020-01-30', grain: 'day', values: [1, 3, 10] }, 'month').values).toEqual([2, 10]);
  });
  it('bad input: unreadable time, non-finite value, a span too long for the grain', () => {
    expect(() => regularize([{ t: 'yesterday', v: 1 }], 'day')).toThrow(/cannot read timestamp 'yesterday'/);
    expect(() => regularize([{ t: '2020-01-01', v: Infinity }], 'day')).toThrow(/not a usable number/);
    expect(() => regularize([{ t: '1900-01-01', v: 1 }, { t: '2020-01-01', v: 1 }], 'minute')).toThrow(/coarser grain/);
    expect(regularize([], 'day').values).toEqual([]);
  });
});

describe('gaps', () => {
  it('fillLinear interpolates inside and holds the ends; all-null refused', () => {
    expect(fillLinear([null, 1, null, null, 4, null])).toEqual([1, 1, 2, 3, 4, 4]);
    expect(() => fillLinear([null, null])).toThrow(/all null/);
    expect(dropLeadingTrailingNulls([null, 1, null, 2, null])).toEqual({ values: [1, null, 2], offset: 1 });
    expect(denseValues([null, null])).toEqual({ values: [], offset: 0 });
  });
});

describe('trend verdicts', () => {
  it('sentences', () => {
    expect(describeTrend({ slope: 0.1345, pValue: 1e-9 }, { unit: 'ppm', per: { label: 'year', periods: 12 } })).toBe('rising about 1.6 ppm a year, p < 0.001');
    expect(describeTrend({ slope: -0.2, pValue: 0.42 })).toBe('no significant trend (p = 0.42)');
    expect(describeTrend({ slope: -3, pValue: 0.004 }, { unit: '°C', per: { label: 'day', periods: 1 } })).toBe('falling about 3 °C a day, p = 0.004');
  });
  it('co2 (monthly): rising about 1.3-1.6 ppm a year, p < 0.001 (Hamed-Rao)', () => {
    const s = regularize(readCsv('co2-concentration.csv').map((r) => ({ t: r.Date!, v: Number(r.CO2) })), 'month');
    const t = analyseTrend(s, { unit: 'ppm' });
    expect(t.direction).toBe('rising');
    expect(t.sentence).toMatch(/^rising about 1\.[3-6] ppm a year, p < 0\.001$/);
    expect(t.skippedNulls).toBeGreaterThan(0);
  });
  it('global-temp (annual): rising', () => {
    const s = regularize(readCsv('global-temp.csv').map((r) => ({ t: r.year!, v: Number(r.temp) })), 'year');
    expect(analyseTrend(s, { unit: '°C' }).sentence).toBe("rising about 0.0079 °C a year, p < 0.001");
  });
  it('0-3 points and all null: NOT_ENOUGH_DATA', () => {
    for (const n of [0, 1, 2, 3]) expect(() => analyseTrend({ start: '2000', grain: 'year', values: new Array(n).fill(1) })).toThrow(/not enough data to analyse the trend/);
    expect(() => analyseTrend({ start: '2000', grain: 'year', values: [null, null, null, null, null] })).toThrow(/0 points, need 4/);
  });
});
