import { describe, expect, it } from 'vitest';
import { LiveDetector } from '../../../src/realtime/core/detector.js';
import { predictOne } from '../../../src/realtime/core/oneStepModel.js';
import { bandScale, newestOrdinary, type SeriesSegment } from '../../../src/realtime/core/seriesAnomaly.js';
import { hampel } from '../../../src/realtime/core/trainingClean.js';
import type { DetectorSpec } from '../../../src/realtime/core/types.js';
import { mulberry32 } from '../../../src/models/math/prng.js';

const spec: DetectorSpec = { kind: 'SERIES_ANOMALY', measure: 'v', agg: 'SUM', grain: null, segmentBy: null, keyColumn: null, window: 0, threshold: 4.5, warmup: 30 };
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
/** A monthly series with a winter peak (January to March high, rising from November): unemployment in building, say. */
const PEAK = [4.5, 4.5, 3.5, 2, 0.3, 0, 0, 0, 0, 0.3, 0.8, 2.5];
const seasonal = (n: number, seed: number) => {
  const r = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => 7 + PEAK[i % 12]! + 0.25 * gauss(r));
};

describe('training clean: the newest values a refit keeps', () => {
  const flat = [5, 5.1, 4.9, 5, 5.2, 4.8, 5, 5.1, 4.9, 5, 5.1, 4.9];

  it('replaces a spike, in the middle or at the end, when nothing is kept', () => {
    expect(hampel([...flat.slice(0, 6), 9, ...flat.slice(6)])[6]).toBeCloseTo(5, 0);
    expect(hampel([...flat, 9]).at(-1)).toBeCloseTo(5, 0);
  });

  it('keeps the last value as it is when asked, and still cleans the ones before it', () => {
    expect(hampel([...flat, 9], 1).at(-1)).toBe(9);
    expect(hampel([...flat.slice(0, 6), 9, ...flat.slice(6), 7], 1)[6]).toBeCloseTo(5, 0);
  });
});

describe('SERIES_ANOMALY refits keep the value just scored ordinary', () => {
  it('a refit at the first point of a seasonal rise starts from it: the next forecast is not back at the level before the rise', () => {
    // Warmup 30: the history doubles (a refit) at the 60th point, a December on its way up to the January peak.
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const values = seasonal(60, seed);
      const d = new LiveDetector(spec, { refitInline: true });
      d.score(values.map((v, i) => ({ time: i * 1000, row: { v } })));
      const seg = d.states.get('') as SeriesSegment;
      expect(seg.version).toBe(2);
      expect(predictOne(seg.model!)).toBeGreaterThan(values[59]! - 0.25);
    }
  });

  it('takes the newest value as ordinary only when it was neither held nor alerted', () => {
    const d = new LiveDetector({ ...spec, warmup: 200 }, { refitInline: true });
    const r = mulberry32(3);
    const calm = Array.from({ length: 240 }, () => 50 + gauss(r));
    const at = (values: number[], from: number) => d.score(values.map((v, i) => ({ time: (from + i) * 1000, row: { v } })), from);
    at(calm, 0);
    const seg = d.states.get('') as SeriesSegment;
    expect(newestOrdinary(seg)).toBe(true);
    const out = (scales: number) => predictOne(seg.model!) + scales * bandScale(seg, predictOne(seg.model!));
    at([out(3.8)], 240); // inside the band but near it: held until the next point shows what it was
    expect(seg.pending).toBeDefined();
    expect(newestOrdinary(seg)).toBe(false);
    at([out(0)], 241);
    expect(newestOrdinary(seg)).toBe(true);
    at([out(12)], 242); // far past the band
    expect(newestOrdinary(seg)).toBe(false);
    at([out(0)], 243);
    expect(newestOrdinary(seg)).toBe(true);
  });
});
