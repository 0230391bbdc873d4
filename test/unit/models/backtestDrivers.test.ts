import { describe, expect, it } from 'vitest';
import { backtest, mase, smape } from '../../../src/models/backtest.js';
import { explainChange } from '../../../src/models/drivers.js';
import { fillLinear } from '../../../src/models/series/gaps.js';
import { regularize } from '../../../src/models/series/regularSeries.js';
import { readCsv } from './vega.js';

describe('accuracy measures', () => {
  it('sMAPE and MASE by hand', () => {
    expect(smape([100, 200], [110, 180])).toBeCloseTo((200 * 10) / 210 / 2 + (200 * 20) / 380 / 2, 10);
    expect(smape([0], [0])).toBe(0);
    // Training diffs at lag 2: |3-1|, |4-2| -> scale 2; MAE 1 -> MASE 0.5.
    expect(mase([5, 6], [6, 5], [1, 2, 3, 4], 2)).toBeCloseTo(0.5, 12);
  });
});

describe('rolling-origin backtest', () => {
  const co2 = fillLinear(regularize(readCsv('co2-concentration.csv').map((r) => ({ t: r.Date!, v: Number(r.CO2) })), 'month').values);
  it('co2: ETS beats seasonal naive (skill > 0.5) over 3 origins of 12 months', () => {
    const r = backtest(co2.slice(0, 400), 12, { horizon: 12, folds: 3 });
    expect(r.folds.map((f) => f.origin)).toEqual([364, 376, 388]);
    expect(r.mase).toBeLessThan(r.naiveMase);
    expect(r.skill).toBeGreaterThan(0.5);
  });
  it('a perfect forecaster scores 0', () => {
    const y = co2.slice(0, 100);
    const r = backtest(y, 12, { horizon: 6, folds: 2, forecaster: (train, _p, h) => y.slice(train.length, train.length + h) });
    expect(r.smape).toBe(0);
    expect(r.mase).toBe(0);
  });
  it('too short: NOT_ENOUGH_DATA; horizon 0: BAD_INPUT', () => {
    expect(() => backtest(co2.slice(0, 30), 12, { horizon: 12, folds: 3 })).toThrow(/not enough data to backtest: 30 points, need 60/);
    expect(() => backtest(co2, 12, { horizon: 0 })).toThrow(/horizon/);
  });
});

describe('drivers of a change', () => {
  const rows = [
    { dims: { region: 'north', product: 'a' }, before: 100, after: 60 },
    { dims: { region: 'north', product: 'b' }, before: 50, after: 45 },
    { dims: { region: 'south', product: 'a' }, before: 80, after: 85 },
    { dims: { region: 'south', product: 'b' }, before: 70, after: 70 },
  ];
  it('contributions add up to the total change within each dimension and rank the drivers', () => {
    const r = explainChange(rows);
    expect(r.change).toBe(-40);
    const byDim = (d: string) => r.drivers.filter((x) => x.dimension === d).reduce((s, x) => s + x.contribution, 0);
    expect(byDim('region')).toBe(-40);
    expect(byDim('product')).toBe(-40);
    expect(r.drivers[0]).toMatchObject({ dimension: 'region', value: 'north', contribution: -45, share: 1.125 });
    expect(r.drivers[1]).toMatchObject({ dimension: 'product', value: 'a', contribution: -35 });
  });
  it('100k values in a dimension: capped, folded into (other), said in a note', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ({ dims: { user: `u${i}` }, before: 1, after: i === 5 ? 50 : 1 }));
    const r = explainChange(many, { top: 3 });
    expect(r.drivers[0]).toMatchObject({ value: 'u5', contribution: 49 });
    expect(r.notes[0]).toMatch(/user: 100000 values, the 99000 smallest contributions folded into "\(other\)"/);
  });
  it('non-finite input is refused', () => {
    expect(() => explainChange([{ dims: {}, before: NaN, after: 1 }])).toThrow(/row 0/);
  });
});
