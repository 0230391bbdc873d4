import { describe, expect, it } from 'vitest';
import { evaluationSeries } from '../../../bench/realtime/evaluate.js';
import { LiveDetector } from '../../../src/realtime/core/detector.js';
import { observeOne, predictOne } from '../../../src/realtime/core/oneStepModel.js';
import { fitHeldOut, installModel, type SeriesSegment } from '../../../src/realtime/core/seriesAnomaly.js';
import type { DetectorSpec } from '../../../src/realtime/core/types.js';

const values = (name: string) => evaluationSeries().find((s) => s.name === name)!.values;

describe('drift and retraining', () => {
  it('a series whose behaviour changes drifts, and the retrained model has lower live error than the old one', () => {
    // A smooth seasonal series (Seattle hourly temperature normals), then a jumpy one (flights per hour,
    // rescaled to the same range): the model trained on the first fits the second badly.
    const smooth = values('vega seattle hourly temperature').slice(0, 800);
    const rough = values('vega flights-20k per hour').slice(0, 900);
    const lo = Math.min(...smooth);
    const span = Math.max(...smooth) - lo;
    const rmax = Math.max(...rough);
    const stream = [...smooth, ...rough.map((v) => lo + (span * v) / rmax)];
    const spec: DetectorSpec = { kind: 'SERIES_ANOMALY', measure: 'v', agg: 'SUM', grain: null, segmentBy: null, keyColumn: null, window: 0, threshold: 4.5, warmup: 600 };
    const d = new LiveDetector(spec);
    let driftAt = -1;
    for (let i = 0; i < stream.length && driftAt < 0; i++) {
      d.score([{ time: i, row: { v: stream[i]! } }]);
      if (d.drifted(2).length) driftAt = i;
    }
    expect(driftAt).toBeGreaterThan(800);
    const seg = d.states.get('') as SeriesSegment;
    const oldModel = structuredClone(seg.model!);
    installModel(seg, fitHeldOut(seg.recent.slice(), 1), 0);
    expect(seg.version).toBe(2);
    // Both models forecast the rest one step at a time; the retrained one errs less.
    const rest = stream.slice(driftAt + 1);
    const mae = (m: typeof oldModel) => {
      let sum = 0;
      for (const y of rest) {
        sum += Math.abs(y - predictOne(m));
        observeOne(m, y);
      }
      return sum / rest.length;
    };
    const before = mae(oldModel);
    const after = mae(structuredClone(seg.model!));
    console.log(`drift found at point ${driftAt}; live one-step MAE on the remaining ${rest.length} points: old model ${before.toFixed(3)}, retrained ${after.toFixed(3)}`);
    expect(after).toBeLessThan(before);
  });
});
