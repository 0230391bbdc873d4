import { describe, expect, it } from 'vitest';
import { LiveDetector } from '../../../src/realtime/core/detector.js';
import { clearOfReference, levelStep, rollingMedians, seasonallyAdjusted, STEP_BEFORE, STEP_RECENT, watchStep, type StepWatch } from '../../../src/realtime/core/levelStep.js';
import type { DetectorSpec } from '../../../src/realtime/core/types.js';
import { mulberry32 } from '../../../src/models/math/prng.js';
import { median } from '../../../src/models/math/stats.js';

const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const noise = (n: number, seed: number) => {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => 50 + gauss(r));
};
const walk = (n: number, seed: number) => {
  const r = mulberry32(seed);
  let x = 100;
  return Array.from({ length: n }, () => (x += gauss(r)));
};
/** The step rule's alerts along a series, read point by point as the detector reads its recent values. */
const stepsAlong = (values: readonly number[], from: number) => {
  const out: number[] = [];
  for (let i = from; i <= values.length; i++) {
    const s = levelStep(values.slice(Math.max(0, i - 600), i));
    if (s && Math.abs(s.score) >= 4.5) out.push(i - 1);
  }
  return out;
};

describe('levelStep: recent values clear of the stretch before them, a step the series has not made', () => {
  it('fires on a new level 5 sigmas up once its first four points are all past the reference', () => {
    for (const seed of [1, 2, 3]) {
      const values = noise(300, seed).map((v, i) => (i >= 296 ? v + 5 : v));
      const s = levelStep(values);
      expect(s).not.toBeNull();
      expect(s!.score).toBeGreaterThanOrEqual(4.5);
      expect(s!.step).toBeGreaterThan(3.5);
    }
  });

  it('stays off while a recent value is back inside the reference, and on noise and a random walk', () => {
    const values = noise(300, 4).map((v, i) => (i >= 296 ? v + 5 : v));
    values[298] = 50;
    expect(clearOfReference(values, values.length)).toBe(false);
    expect(levelStep(values)).toBeNull();
    for (const seed of [5, 6, 7]) {
      expect(stepsAlong(noise(1500, seed), 100)).toEqual([]);
      expect(stepsAlong(walk(1500, seed), 100)).toEqual([]);
    }
  });

  it('a move the series has made before, or about as big, is no step: a level that keeps coming back', () => {
    // From point 240 the series spends 40 points at +5 and 40 back, again and again: the first
    // move alerts (at its fourth point), the later ones — and the moves back — do not.
    const values = noise(600, 8).map((v, i) => (i >= 240 && Math.floor((i - 240) / 40) % 2 === 0 ? v + 5 : v));
    const hits = stepsAlong(values, 100);
    expect(hits[0]).toBe(240 + STEP_RECENT - 1);
    expect(hits.filter((i) => i >= 280)).toEqual([]);
  });

  it('reads the median of every window as a sort of that window would, ties and steps included', () => {
    const r = mulberry32(12);
    const values = Array.from({ length: 200 }, (_, i) => (i % 7 === 0 ? 3 : Math.round(gauss(r) * 4) + (i > 120 ? 10 : 0)));
    for (const width of [1, 4, 30]) {
      const got = rollingMedians(values, width);
      expect(got).toHaveLength(values.length - width + 1);
      got.forEach((m, i) => expect(m).toBe(median(values.slice(i, i + width))));
    }
  });

  it('judges a seasonal series on its values less the season', () => {
    const season = (i: number) => 10 * Math.sin((2 * Math.PI * i) / 12);
    const base = noise(300, 9).map((v, i) => v + season(i));
    const adjusted = seasonallyAdjusted(base, 12, 0);
    // The season is gone: what is left is the noise around its level.
    const spread = Math.max(...adjusted.slice(50)) - Math.min(...adjusted.slice(50));
    expect(spread).toBeLessThan(9);
    expect(levelStep(adjusted)).toBeNull();
    const shifted = base.map((v, i) => (i >= 296 ? v + 5 : v));
    expect(levelStep(seasonallyAdjusted(shifted, 12, 0))!.score).toBeGreaterThanOrEqual(4.5);
    // Read raw, the season hides it: the recent values are not clear of the reference.
    expect(levelStep(shifted)).toBeNull();
    // Live, with the profile read once a cycle: quiet along the seasonal noise, then the step.
    const w: StepWatch = { side: 0, left: 0 };
    for (let n = 150; n < 300; n++) expect(watchStep(w, base.slice(0, n), n, 12, 4.5, 0, false)).toBeNull();
    expect(watchStep(w, shifted, 300, 12, 4.5, 0, false)!.score).toBeGreaterThanOrEqual(4.5);
  });

  it('tells an episode once: not after another rule told it, nor twice on its own, and waits while a point is held', () => {
    const values = noise(300, 10).map((v, i) => (i >= 296 ? v + 5 : v));
    const w: StepWatch = { side: 0, left: 0 };
    expect(watchStep(w, values, 300, 1, 4.5, 0, true)).toBeNull();
    expect(watchStep(w, values, 300, 1, 4.5, 0, false)).not.toBeNull();
    expect(watchStep(w, [...values, 55], 301, 1, 4.5, 0, false)).toBeNull();
    const other: StepWatch = { side: 0, left: 0 };
    expect(watchStep(other, values.slice(0, -1), 299, 1, 4.5, 1, false)).toBeNull();
    expect(watchStep(other, values, 300, 1, 4.5, 0, false)).toBeNull();
    expect(other.left).toBe(STEP_RECENT + STEP_BEFORE - 1);
  });
});

describe('SERIES_ANOMALY with the step rule', () => {
  const spec: DetectorSpec = { kind: 'SERIES_ANOMALY', measure: 'v', agg: 'SUM', grain: null, segmentBy: null, keyColumn: null, window: 0, threshold: 4.5, warmup: 100 };
  const alertsOn = (values: readonly number[]) => new LiveDetector(spec, { refitInline: true }).score(values.map((v, i) => ({ time: i * 1000, row: { v } })));

  it('tells a ramp to a new level (0.7 sigma a point for 8 points) once, within its first points', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = mulberry32(seed);
      const values = Array.from({ length: 260 }, (_, i) => 50 + gauss(r) + Math.min(Math.max(0, i - 199), 8) * 0.7);
      const found = alertsOn(values).filter((f) => f.eventIndex >= 195);
      expect(found).toHaveLength(1);
      expect(found[0]!.eventIndex).toBeGreaterThanOrEqual(200);
      expect(found[0]!.eventIndex).toBeLessThanOrEqual(208);
    }
  });

  it('stays quiet on clean noise and a random walk', () => {
    for (const seed of [21, 22, 23]) {
      expect(alertsOn(noise(2000, seed))).toHaveLength(0);
      expect(alertsOn(walk(2000, seed)).length).toBeLessThanOrEqual(1);
    }
  });
});
