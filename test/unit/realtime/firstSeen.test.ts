import { describe, expect, it } from 'vitest';
import { LiveDetector } from '../../../src/realtime/core/detector.js';
import { goodTuring, SURPRISING } from '../../../src/realtime/core/firstSeen.js';
import { nextMultiplier, thresholdInForce } from '../../../src/realtime/core/thresholdRule.js';
import { DEFAULTS } from '../../../src/realtime/core/validateDetector.js';
import type { DetectorSpec } from '../../../src/realtime/core/types.js';

const spec = (threshold: number): DetectorSpec => ({ kind: 'FIRST_SEEN', measure: 'country', agg: 'COUNT', grain: null, segmentBy: null, keyColumn: 'card', window: 0, threshold, warmup: 3 });
const run = (d: LiveDetector, rows: [string, string][]) => rows.flatMap(([card, country], i) => d.score([{ time: i, row: { card, country } }], i)).map((f) => `${f.segment}:${f.value}`);

describe('FIRST_SEEN', () => {
  // A card settled on one country, then two new ones in a row; another card that changes country often.
  // Settled = 400 events: Good–Turing gives a key with no singleton a 1/events chance of news (not 0),
  // and with half of all events new countries (c2), 30 events of FR would not make BR a surprise.
  const history: [string, string][] = [...Array.from({ length: 400 }, (): [string, string] => ['c1', 'FR']), ...Array.from({ length: 30 }, (_, i): [string, string] => ['c2', `X${i}`])];
  const rest: [string, string][] = [['c1', 'BR'], ['c1', 'NG'], ['c2', 'X99']];

  it('by default alerts on every value new for its key once the key has warmed up, as defined', () => {
    expect(DEFAULTS.FIRST_SEEN.threshold).toBe(0);
    const d = new LiveDetector(spec(DEFAULTS.FIRST_SEEN.threshold));
    const warm = run(d, history);
    // c2's first 3 events only train; each later value of c2 (X3 … X29) is new and alerts.
    expect(warm).toEqual(Array.from({ length: 27 }, (_, i) => `c2:X${i + 3}`));
    expect(run(d, rest)).toEqual(['c1:BR', 'c1:NG', 'c2:X99']);
  });

  it(`at threshold ${SURPRISING} alerts only on a surprise: a settled key meeting a new value, not a key that churns`, () => {
    const d = new LiveDetector(spec(SURPRISING));
    expect(run(d, history)).toEqual([]);
    const late = run(d, rest);
    expect(late[0]).toBe('c1:BR');
    expect(late).not.toContain('c2:X99');
  });

  describe('a key with no value seen only once (Good–Turing counts at least one singleton)', () => {
    // 50 cards that use five common countries, then card c3 that alternates FR and DE (each seen 20 times).
    const common = ['US', 'GB', 'DE', 'FR', 'ES'];
    const population: [string, string][] = Array.from({ length: 1000 }, (_, i): [string, string] => [`p${i % 50}`, common[(i * 7 + Math.floor(i / 50)) % 5]!]);
    const settled: [string, string][] = Array.from({ length: 40 }, (_, i): [string, string] => ['c3', i % 2 ? 'FR' : 'DE']);

    it('has a chance of news of 1/events, not 0', () => {
      expect(goodTuring({ events: 40, values: ['FR', 'DE'], counts: [20, 20] })).toBeCloseTo(1 / 40);
      expect(goodTuring({ events: 40, values: ['FR', 'DE', 'IT'], counts: [20, 19, 1] })).toBeCloseTo(1 / 40);
      expect(goodTuring({ events: 40, values: ['FR', 'DE', 'IT', 'PT'], counts: [19, 18, 1, 1] })).toBeCloseTo(2 / 40);
    });

    it(`stays quiet at ${SURPRISING} on a value new to it but common across keys`, () => {
      const d = new LiveDetector(spec(SURPRISING));
      expect(run(d, [...population, ...settled])).toEqual([]);
      expect(run(d, [['c3', 'US']])).toEqual([]);
    });

    it(`fires at ${SURPRISING} on a value no key has shown`, () => {
      const d = new LiveDetector(spec(SURPRISING));
      run(d, [...population, ...settled]);
      expect(run(d, [['c3', 'KP']])).toEqual(['c3:KP']);
    });
  });

  it('FALSE_POSITIVE verdicts on a churning key back its threshold off (default 0 too), and another key keeps alerting on its news', () => {
    // c2 shows a new value on every event; each of its alerts is dismissed (at most 20 verdicts).
    const rows: [string, string][] = [...history, ...Array.from({ length: 60 }, (_, i): [string, string] => ['c2', `Y${i}`])];
    const alertsOnC2 = (verdicts: number) => {
      const d = new LiveDetector(spec(DEFAULTS.FIRST_SEEN.threshold));
      let given = 0;
      const late: number[] = [];
      rows.forEach(([card, country], i) => {
        for (const f of d.score([{ time: i, row: { card, country } }], i)) {
          if (f.segment !== 'c2') continue;
          if (i >= history.length + 30) late.push(i);
          if (given < verdicts) {
            d.multipliers.set('c2', nextMultiplier(d.multipliers.get('c2') ?? 1, 'FALSE_POSITIVE'));
            given++;
          }
        }
      });
      return { late: late.length, d };
    };
    const without = alertsOnC2(0);
    const withFeedback = alertsOnC2(20);
    expect(without.late).toBe(30);
    expect(withFeedback.late).toBeLessThanOrEqual(without.late / 2);
    // c1, a settled card with no verdicts, still alerts on a new country.
    expect(run(withFeedback.d, [['c1', 'BR']])).toEqual(['c1:BR']);
    // The rule: FIRST_SEEN scales its threshold plus one (0 stays 0 at m = 1, becomes 3 at m = 4); the others scale the threshold.
    expect(thresholdInForce('FIRST_SEEN', 0, 1)).toBe(0);
    expect(thresholdInForce('FIRST_SEEN', 0, 4)).toBe(3);
    expect(thresholdInForce('SERIES_ANOMALY', 4.5, 2)).toBe(9);
  });
});
