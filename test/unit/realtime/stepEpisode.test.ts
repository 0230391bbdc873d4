import { describe, expect, it } from 'vitest';
import { LiveDetector } from '../../../src/realtime/core/detector.js';
import type { DetectorSpec } from '../../../src/realtime/core/types.js';
import { mulberry32 } from '../../../src/models/math/prng.js';

const spec: DetectorSpec = { kind: 'SERIES_ANOMALY', measure: 'v', agg: 'SUM', grain: null, segmentBy: null, keyColumn: null, window: 0, threshold: 4.5, warmup: 100 };
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const alertsOn = (values: readonly number[]) => new LiveDetector(spec, { refitInline: true }).score(values.map((v, i) => ({ time: i * 1000, row: { v } })));

describe('a run under way when the step rule tells is the same episode', () => {
  it('fires once: a ramp the step rule tells is not told again by the run of its next points', () => {
    // Seed 4: the step rule tells the ramp at its 8th point while a run of errors on its side is
    // under way; that run's evidence reached the threshold two points later and told it again.
    const r = mulberry32(4);
    const values = Array.from({ length: 260 }, (_, i) => 50 + gauss(r) + Math.min(Math.max(0, i - 199), 8) * 0.7);
    const found = alertsOn(values).filter((f) => f.eventIndex >= 195);
    expect(found).toHaveLength(1);
    expect(found[0]!.eventIndex).toBe(207);
  });

  it('stays off a burst with no step: its run evidence still tells it, once', () => {
    // As in seriesBursts: six points 3.2 up in noise (warmup 200 there), none past the band alone.
    const r = mulberry32(3);
    const values = Array.from({ length: 500 }, () => 50 + gauss(r)).map((v, i) => (i >= 350 && i < 356 ? v + 3.2 : v));
    const found = new LiveDetector({ ...spec, warmup: 200 }, { refitInline: true }).score(values.map((v, i) => ({ time: i * 1000, row: { v } }))).filter((f) => f.eventIndex >= 340);
    expect(found).toHaveLength(1);
    expect(found[0]!.eventIndex).toBeGreaterThanOrEqual(350);
    expect(found[0]!.eventIndex).toBeLessThanOrEqual(352);
  });
});
