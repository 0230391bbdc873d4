import { describe, expect, it } from 'vitest';
import { fitModel } from '../../../../src/models/fit/fitModel.js';
import { forecastFromState } from '../../../../src/models/fit/forecastState.js';
import { HARD_TO_FORECAST_MASE } from '../../../../src/models/fit/hardToForecast.js';
import { driftForecast, fitDrift } from '../../../../src/models/forecast/drift.js';
import { regularize } from '../../../../src/models/series/regularSeries.js';
import { readCsv } from '../vega.js';

const monthly = (symbol: string) => regularize(readCsv('stocks.csv').filter((r) => r.symbol === symbol).map((r) => ({ t: r.date!, v: Number(r.price) })), 'month');

describe('a flat forecast that backtests badly', () => {
  it('AAPL monthly: says the series is hard to forecast and offers the drift benchmark beside it', () => {
    const m = fitModel('forecast', monthly('AAPL'));
    if (m.state.kind !== 'forecast') throw new Error('not a forecast');
    const st = m.state.forecast;
    expect(st.spec?.trend).toBe('N');
    expect(m.metrics!.mase).toBeGreaterThan(HARD_TO_FORECAST_MASE);
    expect(m.notes.join('\n')).toMatch(/hard to forecast: the flat ETS\([AM],N,N\) forecast .*MASE 12\.\d\d.*drift forecast .*backtest MASE \d/);
    const fc = forecastFromState(st, 6);
    expect(fc.benchmark?.method).toBe('drift');
    expect(fc.benchmark!.points).toHaveLength(6);
    // AAPL rose over the sample: the drift benchmark climbs where the flat forecast stays put.
    expect(fc.benchmark!.points[5]!.mean).toBeGreaterThan(fc.benchmark!.points[0]!.mean);
    expect(fc.points[5]!.mean).toBeCloseTo(fc.points[0]!.mean, 6);
  });
  it('a trended seasonal series (co2) forecasts well: no benchmark, no note', () => {
    const co2 = regularize(readCsv('co2-concentration.csv').map((r) => ({ t: r.Date!, v: Number(r.CO2) })), 'month');
    const m = fitModel('forecast', co2);
    if (m.state.kind !== 'forecast') throw new Error('not a forecast');
    expect(m.state.forecast.benchmark ?? null).toBeNull();
    expect(m.notes.join('\n')).not.toMatch(/hard to forecast/);
  });
});

describe('drift benchmark', () => {
  it('continues the average change; the interval widens as R rwf(drift = TRUE)', () => {
    const y = [10, 12, 11, 15, 14, 18, 17, 21];
    const d = fitDrift(y)!;
    expect(d.slope).toBeCloseTo(11 / 7, 12);
    const f = driftForecast(d, 3);
    f.mean.forEach((v, i) => expect(v).toBeCloseTo(21 + (i + 1) * d.slope, 9));
    // R: sd of the step residuals with n - 2 degrees of freedom, variance h (1 + h / (n - 1)).
    const steps = y.slice(1).map((v, i) => v - y[i]! - d.slope);
    const s2 = steps.reduce((a, b) => a + b * b, 0) / (y.length - 2);
    expect(f.bands[1]!.hi95 - f.mean[1]!).toBeCloseTo(1.959964 * Math.sqrt(s2 * 2 * (1 + 2 / 7)), 4);
  });
});
