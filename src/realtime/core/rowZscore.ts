import { median, mad, variance } from '../../models/math/stats.js';
import { numberOf, severityOf, type DetectorSpec, type Finding, type ScorePoint } from './types.js';

/** Values kept per segment when the detector gives no window. */
export const DEFAULT_PEER_WINDOW = 200;

/** A segment's recent values (its peer group). */
export interface PeerSegment {
  values: number[];
}

/**
 * ROW_ZSCORE: a value against its segment's recent values, by the robust z-score
 * (x − median) / (1.4826 · MAD); the standard deviation stands in when more than half the values
 * tie. The value joins the window after it is scored (the median is not moved by a few outliers).
 */
export function rowZscoreEvent(spec: DetectorSpec, seg: PeerSegment, p: ScorePoint, segment: string, multiplier: number, eventIndex: number): Finding | null {
  const x = numberOf(p.row, spec.measure);
  if (x === null) return null;
  const window = spec.window > 0 ? spec.window : DEFAULT_PEER_WINDOW;
  let finding: Finding | null = null;
  if (seg.values.length >= Math.max(spec.warmup, 5)) {
    const center = median(seg.values);
    let scale = 1.4826 * mad(seg.values, center);
    if (!(scale > 0)) scale = Math.sqrt(variance(seg.values));
    if (scale > 0) {
      const z = (x - center) / scale;
      const threshold = spec.threshold * multiplier;
      if (Math.abs(z) >= threshold) {
        finding = { time: p.time, segment, value: x, expected: center, lower: center - threshold * scale, upper: center + threshold * scale, score: z, threshold, severity: severityOf(z, threshold), modelVersion: 0, eventIndex };
      }
    }
  }
  seg.values.push(x);
  if (seg.values.length > window) seg.values.splice(0, seg.values.length - window);
  return finding;
}
