import { describe, expect, it } from 'vitest';
import { autoEts } from '../../../../src/models/forecast/autoEts.js';
import { checkHorizon, forecastFromState, trainForecast } from '../../../../src/models/fit/forecastState.js';
import { readCsv } from '../vega.js';

// Monthly means of co2, 1958-03 onwards (the file is monthly already).
const co2 = readCsv('co2-concentration.csv').map((r) => Number(r.CO2));

describe('forecast state: a stored model forecasts like the fit that produced it', () => {
  it.each([
    ['seasonal ETS (co2, m = 12)', co2.slice(0, 240), 12],
    ['non-seasonal ETS', co2.slice(0, 120).map((v, i) => v - 2 * Math.sin((2 * Math.PI * i) / 12)), 1],
    ['STL + ETS (period 30 > 24)', Array.from({ length: 150 }, (_, i) => 10 + 0.1 * i + 3 * Math.sin((2 * Math.PI * i) / 30) + Math.sin(i * 7.3)), 30],
  ])('%s: forecastFromState equals autoEts at the same horizon', (_name, y, m) => {
    const { state, result } = trainForecast(y as number[], m as number, 18);
    const again = forecastFromState(JSON.parse(JSON.stringify(state)), 18);
    expect(again.points).toHaveLength(18);
    again.points.forEach((p, i) => {
      const ref = result.points[i]!;
      expect(p.mean).toBeCloseTo(ref.mean, 8);
      expect(p.lo95).toBeCloseTo(ref.lo95, 6);
      expect(p.hi80).toBeCloseTo(ref.hi80, 6);
    });
    expect(state.model).toBe(result.model);
  });

  it('seasonal naive fallback (constant series) repeats the series', () => {
    const { state } = trainForecast([4, 4, 4, 4, 4], 1, 3);
    expect(state.method).toBe('seasonal-naive');
    expect(forecastFromState(state, 3).points.map((p) => p.mean)).toEqual([4, 4, 4]);
  });

  it('horizons: 0 refused, above 1000 capped with a note', () => {
    expect(() => checkHorizon(0, [])).toThrow(/at least 1/);
    const notes: string[] = [];
    expect(checkHorizon(10_000, notes)).toBe(1000);
    expect(notes[0]).toMatch(/capped at 1000/);
    const { state } = trainForecast(co2.slice(0, 60), 12, 12);
    expect(forecastFromState(state, 5000).points).toHaveLength(1000);
    expect(autoEts(co2.slice(0, 60), 12, 5000).points).toHaveLength(1000);
  });
});
