import { median } from '../../models/math/stats.js';
import { notePeerScale, ownScale, PRIOR_POINTS, priorScale, segmentScale, type PeerPrior } from './peerScale.js';
import { numberOf, severityOf, type DetectorSpec, type Finding, type ScorePoint } from './types.js';

/** Values kept per segment when the detector gives no window. */
export const DEFAULT_PEER_WINDOW = 200;
/** A value must pass the segment's furthest accepted value on its side by this many scales. */
const PRECEDENT = 1;
/** …and be further than this from any alerted value (the same outlying value again has been alerted once). */
const REPEAT = 0.1;
/** Values a segment needs before its median and scale mean anything. */
const MIN_HISTORY = 5;

/** A segment's recent values (its peer group). */
export interface PeerSegment {
  values: number[];
  /** Whether each value alerted (absent in states stored by older code). */
  alerted?: boolean[];
}

/**
 * ROW_ZSCORE: a value against its segment's recent values, by the robust z-score
 * (x − median) / scale, the scale being the segment's 1.4826 · MAD shrunk toward the typical
 * segment's while the segment is small (segmentScale). It alerts only when the value also has no
 * precedent in the window: no value that did not alert lies as far out on the same side or within
 * one scale short of it (an amount the customer has paid before, or more: the segment's own
 * heavy tail, or the other mode of a segment with two), nor the same value alerted already.
 * Values that alerted are never precedents, so one outlier in the window does not hide the next.
 * The value joins the window after it is scored.
 */
export function rowZscoreEvent(spec: DetectorSpec, seg: PeerSegment, p: ScorePoint, segment: string, multiplier: number, eventIndex: number, prior?: PeerPrior): Finding | null {
  const x = numberOf(p.row, spec.measure);
  if (x === null) return null;
  const window = spec.window > 0 ? spec.window : DEFAULT_PEER_WINDOW;
  if (!seg.alerted || seg.alerted.length !== seg.values.length) seg.alerted = seg.values.map(() => false);
  let finding: Finding | null = null;
  const n = seg.values.length;
  const scoring = n >= Math.max(spec.warmup, MIN_HISTORY);
  const informs = prior !== undefined && n >= PRIOR_POINTS;
  if (scoring || informs) {
    const center = median(seg.values);
    const own = ownScale(seg.values, center);
    const threshold = spec.threshold * multiplier;
    // The scale only ever widens from `own`: a value within the threshold of it needs no more.
    if (scoring && Math.abs(x - center) >= threshold * own) {
      const scale = segmentScale(seg.values, own, priorScale(prior));
      const z = (x - center) / scale;
      if (scale > 0 && Math.abs(z) >= threshold && unprecedented(seg, x, center, scale)) {
        const lower = center - threshold * scale;
        const upper = center + threshold * scale;
        finding = { time: p.time, segment, value: x, expected: center, lower, upper, score: z, threshold, severity: severityOf(z, threshold), modelVersion: 0, eventIndex };
      }
    }
    if (informs) notePeerScale(prior, segment, own);
  }
  seg.values.push(x);
  seg.alerted.push(finding !== null);
  if (seg.values.length > window) {
    seg.values.splice(0, seg.values.length - window);
    seg.alerted.splice(0, seg.alerted.length - window);
  }
  return finding;
}

/**
 * Whether x passes every accepted value of the window on its side of the center by more than
 * PRECEDENT scales, and every alerted value by more than REPEAT scales.
 */
function unprecedented(seg: PeerSegment, x: number, center: number, scale: number): boolean {
  const side = x >= center ? 1 : -1;
  const out = side * (x - center);
  for (let i = 0; i < seg.values.length; i++) {
    const v = seg.values[i]!;
    if (seg.alerted![i]) {
      if (Math.abs(v - x) <= REPEAT * scale) return false;
    } else if (side * (v - center) >= out - PRECEDENT * scale) return false;
  }
  return true;
}
