import { describe, expect, it } from 'vitest';
import { LiveDetector } from '../../../src/realtime/core/detector.js';
import { WEEK, weeklyHabit, type WeeklyState } from '../../../src/realtime/core/weeklyHabit.js';
import type { DetectorSpec } from '../../../src/realtime/core/types.js';
import { mulberry32 } from '../../../src/models/math/prng.js';

const HALF_HOUR = 1800 * 1000;
const MONDAY = Date.UTC(2000, 5, 5);
/** Sunday 22:30 as a half-hour of the week that starts on Monday. */
const SUNDAY_EVENING = 6 * 48 + 45;
const spec: DetectorSpec = { kind: 'SERIES_ANOMALY', measure: 'v', agg: 'SUM', grain: null, segmentBy: null, keyColumn: null, window: 0, threshold: 4.5, warmup: 200 };
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const noise = (n: number, seed: number) => {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => 50 + gauss(r));
};
const alertsAt = (values: readonly number[], step = HALF_HOUR) =>
  new LiveDetector(spec, { refitInline: true }).score(values.map((v, i) => ({ time: MONDAY + i * step, row: { v } }))).map((f) => f.eventIndex);

/** Feeds (time, error) pairs in order; the habit's verdict on the last. */
const verdict = (points: [number, number][], near = 3): boolean => {
  const seg: WeeklyState = {};
  let last = false;
  for (const [t, e] of points) last = weeklyHabit(seg, t, e, near);
  return last;
};

describe('weekly habit: an error with a precedent at the same time of week', () => {
  it('finds a precedent one or two weeks back, within half a step, at least half as big, on either side', () => {
    const h = 3600 * 1000;
    expect(verdict([[0, 0], [h, 8], [WEEK, 0], [WEEK + h, 8]])).toBe(true);
    expect(verdict([[0, 0], [h, 8], [2 * WEEK, 0], [2 * WEEK + h, -8]])).toBe(true);
    expect(verdict([[0, 0], [h, 8], [WEEK + h, 0], [WEEK + 2 * h, 8]])).toBe(false); // an hour later in the week
    expect(verdict([[0, 0], [h, 8], [3 * WEEK, 0], [3 * WEEK + h, 8]])).toBe(false); // three weeks back
    expect(verdict([[0, 0], [h, 4], [WEEK, 0], [WEEK + h, 9]])).toBe(false); // less than half as big
    expect(verdict([[0, 0], [h, 1], [WEEK, 0], [WEEK + h, 8]])).toBe(false); // the precedent was not near the band
  });

  it('does not apply to a series measured less often than daily (its last week is its last point)', () => {
    expect(verdict([[0, 8], [WEEK, 8]])).toBe(false);
    expect(verdict([[0, 0], [2 * 24 * 3600 * 1000, 8], [WEEK + 2 * 24 * 3600 * 1000, 8]])).toBe(false);
  });

  it('a dip every Sunday evening alerts the first week, not the weeks after; elsewhere, or bigger, it still alerts', () => {
    for (const seed of [1, 2, 3]) {
      const values = noise(48 * 7 * 4, seed);
      const sundays = [0, 1, 2, 3].map((w) => w * 48 * 7 + SUNDAY_EVENING);
      for (const i of sundays) values[i] = values[i]! - 8;
      // A dip of the same size on a Wednesday morning of week 3, and a dip three times the habit's on week 4's Sunday.
      const wednesday = 2 * 48 * 7 + 2 * 48 + 20;
      values[wednesday] = values[wednesday]! - 8;
      values[sundays[3]!] = values[sundays[3]!]! - 16;
      const found = alertsAt(values);
      expect(found).toContain(sundays[0]);
      expect(found).not.toContain(sundays[1]);
      expect(found).not.toContain(sundays[2]);
      expect(found).toContain(wednesday);
      expect(found).toContain(sundays[3]);
    }
  });

  it('a dip at the same hour on consecutive days is no weekly habit: each alerts', () => {
    for (const seed of [4, 5]) {
      const values = noise(48 * 7 * 2, seed);
      const days = [8, 9].map((d) => d * 48 + 20);
      for (const i of days) values[i] = values[i]! - 8;
      const found = alertsAt(values);
      for (const i of days) expect(found).toContain(i);
    }
  });
});
