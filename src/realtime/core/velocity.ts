import { severityOf, type DetectorSpec, type Finding, type ScorePoint } from './types.js';

/** A key's event times within the window, and whether it is already over the limit. */
export interface VelocityKey {
  times: number[];
  over: boolean;
}

/**
 * VELOCITY: more than `threshold` events of one key within `window` seconds. It alerts when the
 * count crosses the limit, once per burst: the key re-arms when its count falls back to the limit.
 */
export function velocityEvent(spec: DetectorSpec, key: VelocityKey, p: ScorePoint, segment: string, multiplier: number, eventIndex: number): Finding | null {
  const windowMs = Math.max(1, spec.window) * 1000;
  const limit = spec.threshold * multiplier;
  key.times.push(p.time);
  if (key.times.length > 1 && p.time < key.times[key.times.length - 2]!) key.times.sort((a, b) => a - b);
  const newest = key.times[key.times.length - 1]!;
  let drop = 0;
  while (drop < key.times.length && key.times[drop]! <= newest - windowMs) drop++;
  if (drop) key.times.splice(0, drop);
  const count = key.times.length;
  if (count <= limit) {
    key.over = false;
    return null;
  }
  if (key.over) return null;
  key.over = true;
  return { time: p.time, segment, value: count, expected: limit, lower: null, upper: limit, score: count, threshold: limit, severity: severityOf(count, limit), modelVersion: 0, eventIndex };
}

/** True when a key has no event left in the window at time `now` (its state can be forgotten). */
export function velocityIdle(spec: DetectorSpec, key: VelocityKey, now: number): boolean {
  const last = key.times[key.times.length - 1];
  return last === undefined || last <= now - Math.max(1, spec.window) * 1000;
}
