import { describe, expect, it } from 'vitest';
import { LiveDetector } from '../../../src/realtime/core/detector.js';
import type { SeriesModel } from '../../../src/realtime/core/oneStepModel.js';
import { carryCycle } from '../../../src/realtime/core/seasonalHabit.js';
import type { DetectorSpec } from '../../../src/realtime/core/types.js';
import { mulberry32 } from '../../../src/models/math/prng.js';

const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const spec: DetectorSpec = { kind: 'SERIES_ANOMALY', measure: 'v', agg: 'SUM', grain: null, segmentBy: null, keyColumn: null, window: 0, threshold: 4.5, warmup: 24 * 12 };

/** Hourly: a daily cycle plus noise, and from day 10 a dip at midnight every other day (an hour the season errs at). */
function hourly(seed: number): number[] {
  const r = mulberry32(seed);
  return Array.from({ length: 24 * 40 }, (_, i) => {
    const day = Math.floor(i / 24);
    const dip = i % 24 === 0 && day >= 10 && day % 2 === 0 ? -2 : 0;
    return 100 + 5 * Math.sin((2 * Math.PI * i) / 24) + 0.2 * gauss(r) + dip;
  });
}
const alertsOn = (values: readonly number[]) => new LiveDetector(spec, { refitInline: true }).score(values.map((v, i) => ({ time: i * 3_600_000, row: { v } })));
const model = (period: number, n: number) => ({ period, n }) as SeriesModel;

describe('seasonal habit across refits', () => {
  it('turns the ring by the difference of the two models’ counts, and drops it when the period changes', () => {
    const ring = [0, 1, 2, 3, 4, 5]; // period 3: two cycles
    // The old model is about to see its 10th value (position 10 % 6 = 4); the new one its 600th (600 % 6 = 0).
    const carried = carryCycle(ring, model(3, 10), model(3, 600))!;
    expect(carried[600 % 6]).toBe(ring[10 % 6]);
    expect(carried[601 % 6]).toBe(ring[11 % 6]);
    expect(carryCycle(ring, model(3, 10), model(4, 600))).toBeUndefined();
    expect(carryCycle(undefined, model(3, 10), model(3, 600))).toBeUndefined();
  });

  it('a dip the season has shown every other day stays habit after the refit (the history doubles at hour 575)', () => {
    for (const seed of [1, 2, 3, 6, 8, 9, 13, 16, 20]) {
      // Before the fix each of these seeds alerted on the midnight dip right after the refit (hour 576).
      expect(alertsOn(hourly(seed)).filter((f) => f.eventIndex > 300)).toEqual([]);
    }
  });

  it('a dip at an hour that never dips still alerts after the refit', () => {
    for (const seed of [1, 2, 3]) {
      const values = hourly(seed);
      values[24 * 26 + 12] = values[24 * 26 + 12]! - 3;
      expect(alertsOn(values).filter((f) => f.eventIndex > 300).map((f) => f.eventIndex)).toEqual([24 * 26 + 12]);
    }
  });
});
