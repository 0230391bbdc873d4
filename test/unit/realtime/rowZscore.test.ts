import { describe, expect, it } from 'vitest';
import { mulberry32, normalSource } from '../../../src/models/math/prng.js';
import { median } from '../../../src/models/math/stats.js';
import { ALL_KEYS, LiveDetector } from '../../../src/realtime/core/detector.js';
import { newPeerPrior, notePeerScale, ownScale, PRIOR_SEGMENTS, priorScale, segmentScale, type PeerPrior } from '../../../src/realtime/core/peerScale.js';
import type { PeerSegment } from '../../../src/realtime/core/rowZscore.js';
import type { DetectorSpec } from '../../../src/realtime/core/types.js';

const spec: DetectorSpec = { kind: 'ROW_ZSCORE', measure: 'amount', agg: 'SUM', grain: null, segmentBy: 'customer', keyColumn: null, window: 200, threshold: 5, warmup: 20 };
type Row = [customer: string, amount: number];
const run = (d: LiveDetector, rows: readonly Row[]) => rows.flatMap(([customer, amount], i) => d.score([{ time: i, row: { customer, amount } }], i)).map((f) => `${f.segment}:${f.value}`);
/** `n` amounts of one customer around `center` with spread `sd` (seeded: each call draws the same). */
const amounts = (customer: string, n: number, center: number, sd: number, seed = 11): Row[] => {
  const gauss = normalSource(mulberry32(seed));
  return Array.from({ length: n }, () => [customer, Math.round(center + sd * gauss())]);
};
/** Customers c0… with amounts around 1,000 and a spread of about 100: the typical segment. */
const population = (n: number): Row[] => amounts('', n, 1000, 100, 3).map(([, x], i) => [`c${i % 10}`, x]);

describe('ROW_ZSCORE', () => {
  it('fires on an amount far past the segment, once per repeated value, and the next outlier is not hidden by the first', () => {
    const d = new LiveDetector(spec);
    expect(run(d, amounts('a', 100, 300, 50))).toEqual([]);
    expect(run(d, [['a', 3000]])).toEqual(['a:3000']);
    // The same amount again has been alerted once; a different one alerts (an alerted value is no precedent).
    expect(run(d, [['a', 3000], ['a', 3500], ['a', 310]])).toEqual(['a:3500']);
  });

  it('stays quiet on an amount the customer has gone past before, however far the two are apart', () => {
    // Mostly ~100, with occasional long trips: 2,500 and once, early in its history, 4,900 (the other mode of a two-mode segment).
    const h: Row[] = amounts('h', 120, 100, 5).map(([c, x], i): Row => [c, i % 10 === 3 ? 2500 + 10 * (i % 7) : i === 7 ? 4900 : x]);
    const d = new LiveDetector(spec);
    expect(run(d, h)).toEqual([]);
    // 3,900 is 800+ tight scales from every accepted value near it, but 4,900 lies further out: a precedent.
    expect(run(d, [['h', 3900], ['h', 4800]])).toEqual([]);
    // Past the furthest accepted value: news.
    expect(run(d, [['h', 9000]])).toEqual(['h:9000']);
  });

  it('judges a small segment that happens to sit tight on the typical segment scale, and a long one on its own', () => {
    const d = new LiveDetector(spec);
    run(d, population(600));
    const typical = priorScale(d.states.get(ALL_KEYS) as PeerPrior);
    expect(typical).toBeGreaterThan(80);
    expect(typical).toBeLessThan(125);
    // A new customer whose first 20 amounts lie within ±10 of 1,000: 1,080 is 8 of its own scales out.
    const tight = amounts('t', 20, 1000, 7);
    expect(run(d, [...tight, ['t', 1080]])).toEqual([]);
    // With 200 such amounts behind it, its own tightness counts and 1,080 alerts.
    const d2 = new LiveDetector(spec);
    run(d2, population(600));
    expect(run(d2, [...amounts('t', 200, 1000, 7), ['t', 1080]])).toEqual(['t:1080']);
  });

  it('only ever widens a segment scale toward the typical one, geometrically, by the weight of 20 points', () => {
    const narrow = Array.from({ length: 20 }, (_, i) => 1000 + (i % 5) - 2);
    const own = ownScale(narrow, median(narrow));
    expect(segmentScale(narrow, own, 100 * own)).toBeCloseTo(Math.sqrt(own * 100 * own), 6);
    // A wide segment keeps its own scale when the typical one is tighter, and with none.
    expect(segmentScale(narrow, own, own / 10)).toBe(own);
    expect(segmentScale(narrow, own, 0)).toBe(own);
  });

  it('takes the typical scale as the median over segments, so a long run of one segment counts once', () => {
    const prior = newPeerPrior();
    for (let i = 0; i < 9; i++) notePeerScale(prior, `s${i}`, 90 + 5 * i);
    for (let i = 0; i < 500; i++) notePeerScale(prior, 'tight', 1);
    // Ten entries (1, 90 … 130): the run of 500 is one of them.
    expect(priorScale(prior)).toBe(107.5);
    for (let i = 0; i < 3 * PRIOR_SEGMENTS; i++) notePeerScale(prior, `n${i}`, 50);
    expect(prior.scales.length).toBe(PRIOR_SEGMENTS);
    expect(priorScale(prior)).toBe(50);
  });

  it('keeps bounded state: the window per segment, and PRIOR_SEGMENTS scales across segments', () => {
    const d = new LiveDetector(spec);
    run(d, population(3000));
    for (const [key, s] of d.states) {
      if (key === ALL_KEYS) expect((s as PeerPrior).scales.length).toBeLessThanOrEqual(PRIOR_SEGMENTS);
      else expect((s as PeerSegment).values.length).toBeLessThanOrEqual(spec.window);
    }
  });
});
