import { describe, expect, it } from 'vitest';
import { LiveDetector } from '../../../src/realtime/core/detector.js';
import { isRepeat, keepBig } from '../../../src/realtime/core/repeats.js';
import { levelAdjusted } from '../../../src/realtime/core/acceptedLevels.js';
import { endsExcursion } from '../../../src/realtime/core/heldPoint.js';
import { predictOne } from '../../../src/realtime/core/oneStepModel.js';
import type { SeriesSegment } from '../../../src/realtime/core/seriesAnomaly.js';
import type { DetectorSpec } from '../../../src/realtime/core/types.js';
import { mulberry32 } from '../../../src/models/math/prng.js';

const spec: DetectorSpec = { kind: 'SERIES_ANOMALY', measure: 'v', agg: 'SUM', grain: null, segmentBy: null, keyColumn: null, window: 0, threshold: 4.5, warmup: 200 };
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const noise = (n: number, seed: number) => {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => 50 + gauss(r));
};
const alertsOn = (values: readonly number[]) => new LiveDetector(spec, { refitInline: true }).score(values.map((v, i) => ({ time: i * 1000, row: { v } })));

describe('SERIES_ANOMALY onsets', () => {
  it('a new level 4 sigmas up (inside the band) alerts once, by its fourth point, and at its first when the first two together show it', () => {
    const first: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const values = noise(400, seed).map((v, i) => (i >= 300 ? v + 4 : v));
      const found = alertsOn(values).filter((f) => f.eventIndex >= 295 && f.eventIndex < 320);
      expect(found).toHaveLength(1);
      expect(found[0]!.eventIndex).toBeGreaterThanOrEqual(300);
      expect(found[0]!.eventIndex).toBeLessThanOrEqual(303);
      first.push(found[0]!.eventIndex);
    }
    // The onset (a held first point, the next one further still) names the first point: most seeds.
    expect(first.filter((i) => i === 300).length).toBeGreaterThanOrEqual(3);
  });

  it('stays quiet on clean noise and on a random walk, whose big steps are followed by ordinary ones', () => {
    for (const seed of [11, 12, 13, 14]) {
      expect(alertsOn(noise(3000, seed))).toHaveLength(0);
      const r = mulberry32(seed);
      let x = 100;
      const walk = Array.from({ length: 3000 }, () => (x += gauss(r)));
      expect(alertsOn(walk).length).toBeLessThanOrEqual(1);
    }
  });
});

describe('repeats: a spike the series has shown twice lately is its habit', () => {
  it('counts precedents as big or bigger, on the same side, within the window', () => {
    const kept: { e: number; at: number }[] = [];
    keepBig(kept, 10, 1);
    expect(isRepeat(kept, 9, 20)).toBe(false); // one precedent
    keepBig(kept, 12, 30);
    expect(isRepeat(kept, 9, 31)).toBe(false); // the point before is the same episode, no precedent
    expect(isRepeat(kept, 9, 40)).toBe(true);
    expect(isRepeat(kept, 11, 40)).toBe(true); // 10 is at least 3/4 of 11: the same size
    expect(isRepeat(kept, 14, 40)).toBe(false); // more than 4/3 of one of them
    expect(isRepeat(kept, -9, 40)).toBe(false); // the other side
    expect(isRepeat(kept, 9, 105)).toBe(false); // the first is past the window
  });

  it('a spike that comes back every 12 points alerts the first times, not every time; a bigger one still alerts', () => {
    for (const seed of [1, 2, 3]) {
      const values = noise(700, seed).map((v, i) => (i >= 300 && (i - 300) % 12 === 0 ? v + 12 : v));
      values[500] = values[500]! + 20;
      const found = alertsOn(values).map((f) => f.eventIndex);
      const spikes = found.filter((i) => i >= 300 && (i - 300) % 12 === 0 && i !== 500);
      expect(spikes.length).toBeGreaterThanOrEqual(1);
      expect(spikes.length).toBeLessThanOrEqual(3);
      expect(found).toContain(500);
    }
  });

  it('a level shift accepted leaves no precedent: the errors of its points were measured from the old level', () => {
    for (const seed of [1, 2, 4, 5]) {
      // Up 10 from point 300 (accepted at its third point), then spikes of 8 on the new level.
      const values = noise(400, seed).map((v, i) => v + (i >= 300 ? 10 : 0) + (i === 340 || i === 370 ? 8 : 0));
      const found = alertsOn(values).map((f) => f.eventIndex);
      // The new level's first spike has no precedent, its second one: both are news.
      expect(found).toContain(340);
      expect(found).toContain(370);
    }
  });
});


describe('a refit keeps a level accepted live', () => {
  it('levelAdjusted moves the values before each accepted level by its delta', () => {
    // Five values counted 6..10; a level accepted at 9 at 13.5, +10.
    expect(levelAdjusted([1, 2, 3, 13, 14], 10, [{ at: 9, target: 13.5, delta: 10 }])).toEqual([11, 12, 13, 13, 14]);
    // A level that did not hold (the values went back) moves nothing.
    expect(levelAdjusted([1, 2, 13, 2, 1], 10, [{ at: 8, target: 13, delta: 11 }])).toEqual([1, 2, 13, 2, 1]);
    expect(levelAdjusted([1, 2], 10, undefined)).toEqual([1, 2]);
  });

  it('a shift accepted in plain noise holds after the refit at twice the warmup: no new alerts, the forecast at the new level', () => {
    for (const seed of [1, 2, 3, 4]) {
      const values = noise(800, seed).map((v, i) => (i >= 300 ? v + 10 : v));
      const d = new LiveDetector(spec, { refitInline: true });
      const found: number[] = [];
      values.forEach((v, i) => d.score([{ time: i * 1000, row: { v } }]).forEach((f) => found.push(f.eventIndex + i)));
      // Before the fix the refit at point ~400 fitted mostly the old level: its forecast went back to
      // ~50 and its held-out errors, all the shift, widened the band past the new level.
      expect(found.filter((i) => i >= 305)).toHaveLength(0);
      const seg = d.states.get('') as SeriesSegment;
      expect(seg.trainedOn).toBeGreaterThanOrEqual(400);
      expect(Math.abs(predictOne(seg.model!) - 60)).toBeLessThan(1.5);
      // A spike on the new level is still found.
      const spiked = values.slice();
      spiked[600] = spiked[600]! + 10;
      const again = new LiveDetector(spec, { refitInline: true });
      const hits: number[] = [];
      spiked.forEach((v, i) => again.score([{ time: i * 1000, row: { v } }]).forEach((f) => hits.push(f.eventIndex + i)));
      expect(hits).toContain(600);
    }
  });
});

describe('onsets: a fall right after a climb ahead of the model ends an excursion', () => {
  it('reads the errors before the held point for a run the other way (Stouffer over the last three, 1/√2 of the threshold)', () => {
    // Three errors of +2 scales carry 3.46 together, past 4.5/√2 = 3.18: a climb the model followed late.
    expect(endsExcursion([0.1, -0.2, 2, 2, 2], 1, -4, 4.5)).toBe(true);
    expect(endsExcursion([0.1, -0.2, 4, 4, 4], 2, -4, 4.5)).toBe(true); // in scales of the held point's band
    expect(endsExcursion([0.1, -0.2, 2, 2, 2], 1, 4, 4.5)).toBe(false); // the same side: a move going on, not back
    expect(endsExcursion([0.1, -0.2, 1.5, 1.5, 1.5], 1, -4, 4.5)).toBe(false); // 2.6 together: a stretch noise makes by chance
    expect(endsExcursion([4, -1, -0.5, 0.5], 1, -4, 4.5)).toBe(false); // an old big error is not the run just before
    expect(endsExcursion([], 1, -4, 4.5)).toBe(false);
  });

  it('a level shift down right after a climb is still told, by its first points', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const values = noise(400, seed).map((v, i) => v + (i >= 300 && i < 303 ? 1.8 : 0) + (i === 303 ? -4 : 0) + (i >= 304 ? -8 : 0));
      const found = alertsOn(values).filter((f) => f.eventIndex >= 295 && f.eventIndex < 330);
      expect(found.length).toBeGreaterThanOrEqual(1);
      expect(found[0]!.eventIndex).toBeGreaterThanOrEqual(303);
      expect(found[0]!.eventIndex).toBeLessThanOrEqual(304);
    }
  });
});
