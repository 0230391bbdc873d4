import { describe, expect, it } from 'vitest';
import { LiveDetector } from '../../../src/realtime/core/detector.js';
import { fitHeldOut, installModel, retrainHistory, type SeriesSegment } from '../../../src/realtime/core/seriesAnomaly.js';
import type { DetectorSpec } from '../../../src/realtime/core/types.js';
import { mulberry32 } from '../../../src/models/math/prng.js';

const spec: DetectorSpec = { kind: 'SERIES_ANOMALY', measure: 'v', agg: 'SUM', grain: null, segmentBy: null, keyColumn: null, window: 0, threshold: 4.5, warmup: 200 };
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/** A random walk with unit normal steps (a price-like series: each value is the last plus noise). */
function walk(n: number, seed: number): number[] {
  const r = mulberry32(seed);
  const out = [100];
  for (let i = 1; i < n; i++) out.push(out[i - 1]! + gauss(r));
  return out;
}

const alertsOn = (values: readonly number[]) => new LiveDetector(spec, { refitInline: true }).score(values.map((v, i) => ({ time: i * 1000, row: { v } })));

describe('SERIES_ANOMALY spikes and volatility', () => {
  it('a value out and straight back on a random walk alerts one point later, for its own event, even below the single-point threshold', () => {
    const base = walk(500, 11);
    // A step out of 5.4 (4.5 of the series' scales: under the threshold alone) and back: two tail events at once.
    const spiked = base.slice();
    spiked[350] = spiked[350]! + 5.4;
    const all = alertsOn(spiked);
    const found = all.filter((f) => f.time === 350_000);
    expect(found).toHaveLength(1);
    const held = found[0]!;
    // It names the spike's own event (the next one may alert for itself), and says one thing: a
    // score past the threshold (the pair's evidence) and a value outside its band.
    expect(held.eventIndex).toBe(350);
    expect(held.value).toBe(spiked[350]);
    expect(Math.abs(held.score)).toBeGreaterThanOrEqual(held.threshold);
    expect(held.score).toBeGreaterThan(0);
    expect(held.value as number).toBeGreaterThan(held.upper!);
    expect(held.lower!).toBeLessThan(held.expected!);
    expect(held.score).toBeCloseTo(((held.value as number) - held.expected!) / ((held.upper! - held.expected!) / held.threshold), 9);
    // The held point is part of the stored state: a detector resumed from JSON settles it the same
    // way, and names the batch the spike came in.
    const first = new LiveDetector(spec, { refitInline: true });
    first.score(spiked.slice(0, 351).map((v, i) => ({ time: i * 1000, row: { v } })), 0, 'entry 7');
    const resumed = new LiveDetector(spec, { refitInline: true });
    resumed.states.set('', JSON.parse(JSON.stringify(first.states.get(''))));
    const settled = resumed.score([{ time: 351_000, row: { v: spiked[351] } }], 0, 'entry 8');
    expect(settled.map((f) => [f.time, f.eventIndex, f.batch])).toEqual([[350_000, 350, 'entry 7']]);
    // The same step kept (the walk carries on from it) is an ordinary big step: no alert.
    const stepped = base.map((v, i) => (i >= 350 ? v + 5.4 : v));
    expect(alertsOn(stepped).filter((f) => f.time >= 350_000 && f.time <= 352_000)).toHaveLength(0);
  });

  it('a held spike and an alert raised by the event that settles it name different events', () => {
    // Seconds, one event per bucket; the event after the spike's bucket closes it (held), and the
    // next one skips a second: it closes the bucket after the spike (which settles the spike) and
    // the empty second, a zero far below the series (an alert of its own, for the same event).
    const values = walk(500, 11);
    values[350] = values[350]! + 5.4;
    const times = values.map((_, i) => i * 1000 + (i >= 352 ? 1000 : 0));
    const grained: DetectorSpec = { ...spec, grain: 'second' };
    const found = new LiveDetector(grained, { refitInline: true }).score(values.map((v, i) => ({ time: times[i]!, row: { v } })));
    const spike = found.find((f) => f.time === 350_000);
    const empty = found.find((f) => f.time === 352_000);
    expect(spike?.value).toBe(values[350]);
    expect(empty?.value).toBe(0);
    // The spike's bucket was closed by event 351; the empty second by event 352.
    expect([spike!.eventIndex, empty!.eventIndex]).toEqual([351, 352]);
    // Alerts are unique per event and segment: none of these may be dropped as a duplicate.
    expect(new Set(found.map((f) => `${f.eventIndex}/${f.segment}`)).size).toBe(found.length);
  });

  it('a spike held when a retrained model is installed is still reported', () => {
    const values = walk(500, 11);
    values[350] = values[350]! + 5.4;
    // The worker's history ends at the spike itself (held, so left out) or a few points before it.
    for (const snapshotAt of [350, 345]) {
      const d = new LiveDetector(spec, { refitInline: true });
      const point = (i: number) => ({ time: i * 1000, row: { v: values[i]! } });
      const before = d.score(values.slice(0, snapshotAt + 1).map((_, i) => point(i)));
      const seg = d.states.get('') as SeriesSegment;
      const history = retrainHistory(seg);
      const fitted = fitHeldOut(history.values, 1);
      const meanwhile = d.score(values.slice(snapshotAt + 1, 351).map((_, k) => point(snapshotAt + 1 + k)), snapshotAt + 1);
      expect(seg.pending?.time).toBe(350_000);
      installModel(seg, fitted, seg.sinceTrain - history.sinceTrain);
      const after = d.score(values.slice(351).map((_, k) => point(351 + k)), 351);
      const all = [...before, ...meanwhile, ...after];
      expect(all.filter((f) => f.time === 350_000).map((f) => f.eventIndex)).toEqual([350]);
      expect(all.filter((f) => f.time > 340_000 && f.time !== 350_000 && f.time < 360_000)).toEqual([]);
    }
  });

  it('two held spikes two points apart alert each, and the ordinary points around them do not', () => {
    const values = walk(500, 11);
    values[350] = values[350]! + 5.4;
    values[352] = values[352]! + 5.4;
    expect(alertsOn(values).map((f) => f.time / 1000)).toEqual([350, 352]);
  });

  it('a burst of volatility alerts at its start, not on every big move inside it', () => {
    const r = mulberry32(5);
    const values = walk(400, 3);
    // 60 points where the steps are six times larger (a market crash), then calm again.
    for (let i = 300; i < 400; i++) values[i] = values[i - 1]! + (i < 360 ? 6 : 1) * gauss(r);
    const inBurst = alertsOn(values).filter((f) => f.time >= 300_000 && f.time < 360_000);
    expect(inBurst.length).toBeGreaterThan(0);
    expect(inBurst.length).toBeLessThanOrEqual(3);
  });
});

describe('SERIES_ANOMALY level shifts and the volatility scale', () => {
  it('a level shift alerts as it happens and is not taken for volatility: a spike soon after it is still found', () => {
    const r = mulberry32(21);
    const values = Array.from({ length: 500 }, (_, i) => 50 + gauss(r) + (i >= 350 ? 12 : 0));
    values[360] = values[360]! + 6;
    const at = alertsOn(values).map((f) => f.time / 1000);
    expect(at).toEqual([350, 351, 352, 360]);
  });
});

describe('SERIES_ANOMALY seasonal habits', () => {
  /** Hourly: a daily cycle plus noise, and from day 10 a dip at midnight every other day (an hour the season errs at). */
  function hourly(seed: number): { values: number[]; spikeAt: number } {
    const r = mulberry32(seed);
    const values: number[] = [];
    for (let i = 0; i < 24 * 60; i++) {
      const day = Math.floor(i / 24);
      const dip = i % 24 === 0 && day >= 10 && day % 2 === 0 ? -2 : 0;
      values.push(100 + 5 * Math.sin((2 * Math.PI * i) / 24) + 0.2 * gauss(r) + dip);
    }
    // One real spike, at an hour that never dips.
    const spikeAt = 24 * 50 + 13;
    values[spikeAt] = values[spikeAt]! + 4;
    return { values, spikeAt };
  }

  it('an error with a precedent at the same hour of a recent day does not alert; a spike at a quiet hour still does', () => {
    const { values, spikeAt } = hourly(9);
    const found = new LiveDetector({ ...spec, warmup: 24 * 12 }, { refitInline: true }).score(values.map((v, i) => ({ time: i * 3_600_000, row: { v } })));
    const midnight = found.filter((f) => (f.time / 3_600_000) % 24 === 0);
    expect(found.some((f) => f.time === spikeAt * 3_600_000)).toBe(true);
    expect(midnight.length).toBeLessThanOrEqual(2);
  });
});
