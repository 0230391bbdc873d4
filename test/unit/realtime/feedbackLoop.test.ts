import { describe, expect, it } from 'vitest';
import { evaluationSeries } from '../../../bench/realtime/evaluate.js';
import { LiveDetector } from '../../../src/realtime/core/detector.js';
import { nextMultiplier } from '../../../src/realtime/core/thresholdRule.js';
import type { DetectorSpec, ScorePoint } from '../../../src/realtime/core/types.js';

const series = (name: string) => evaluationSeries().find((s) => s.name === name)!.values;
const spec: DetectorSpec = { kind: 'SERIES_ANOMALY', measure: 'v', agg: 'SUM', grain: null, segmentBy: 'seg', keyColumn: null, window: 0, threshold: 2, warmup: 300 };

/**
 * Two segments of one detector: a noisy one (flights per hour, at a sensitive threshold, where
 * every alert is dismissed) and one with real spikes injected (Seattle daily highs, 8 noise units).
 */
function stream(): { points: ScorePoint[]; spikes: Set<number> } {
  const noisy = series('vega flights-20k per hour').slice(0, 1400);
  const clean = series('vega seattle-weather temp_max').slice(0, 1400);
  const diffs = clean.slice(1).map((x, i) => Math.abs(x - clean[i]!)).sort((a, b) => a - b);
  const unit = 1.4826 * diffs[Math.floor(diffs.length / 2)]!;
  const spikes = new Set<number>();
  for (let i = 400; i < 1400; i += 70) {
    clean[i] = clean[i]! + 8 * unit;
    spikes.add(i);
  }
  const points: ScorePoint[] = [];
  for (let i = 0; i < 1400; i++) {
    points.push({ time: i, row: { seg: 'noisy', v: noisy[i]!, i } });
    points.push({ time: i, row: { seg: 'spiky', v: clean[i]!, i } });
  }
  return { points, spikes };
}

/** Runs the stream; every alert on the noisy segment is a FALSE_POSITIVE verdict, at most `verdicts` of them. */
function run(verdicts: number) {
  const { points, spikes } = stream();
  const d = new LiveDetector(spec);
  let given = 0;
  let lastVerdictAt = -1;
  const noisyAlerts: number[] = [];
  const spikesFound = new Set<number>();
  for (const p of points) {
    for (const f of d.score([p])) {
      const i = p.row.i as number;
      if (f.segment === 'noisy') {
        noisyAlerts.push(i);
        if (given < verdicts) {
          d.multipliers.set('noisy', nextMultiplier(d.multipliers.get('noisy') ?? 1, 'FALSE_POSITIVE'));
          given++;
          lastVerdictAt = i;
        }
      } else if (spikes.has(i)) spikesFound.add(i);
    }
  }
  return { noisyAlerts, spikesFound, spikes, lastVerdictAt, given, multiplier: d.multipliers.get('noisy') ?? 1 };
}

describe('feedback loop', () => {
  it('FALSE_POSITIVE verdicts on a noisy segment cut its false alerts by at least half within 20 verdicts, and the other segment keeps finding its spikes', () => {
    const without = run(0);
    const withFeedback = run(20);
    expect(withFeedback.given).toBeGreaterThan(0);
    expect(withFeedback.given).toBeLessThanOrEqual(20);
    // Compare the same span: from the last verdict to the end.
    const after = withFeedback.lastVerdictAt;
    const base = without.noisyAlerts.filter((i) => i > after).length;
    const tuned = withFeedback.noisyAlerts.filter((i) => i > after).length;
    console.log(`noisy segment alerts after verdict ${withFeedback.given} (point ${after}): ${base} without feedback, ${tuned} with; multiplier ${withFeedback.multiplier.toFixed(2)}`);
    expect(base).toBeGreaterThanOrEqual(6);
    expect(tuned).toBeLessThanOrEqual(base / 2);
    expect(withFeedback.spikesFound.size).toBe(without.spikesFound.size);
    expect(withFeedback.spikesFound.size / withFeedback.spikes.size).toBeGreaterThanOrEqual(0.9);
  });

  it('the rule: dismissed alerts back off, confirmed ones return toward (never past) the configured threshold', () => {
    let m = 1;
    for (let i = 0; i < 3; i++) m = nextMultiplier(m, 'FALSE_POSITIVE');
    expect(m).toBeCloseTo(Math.exp(3 * 0.25 * 0.8), 9);
    const backedOff = m;
    m = nextMultiplier(m, 'TRUE_POSITIVE');
    expect(m).toBeLessThan(backedOff);
    expect(nextMultiplier(1, 'TRUE_POSITIVE')).toBe(1);
    for (let i = 0; i < 50; i++) m = nextMultiplier(m, 'FALSE_POSITIVE');
    expect(m).toBe(4);
  });
});
