import type { DetectorSpec, Finding, ScorePoint } from './types.js';

/** Distinct values remembered per key; past it the oldest are forgotten. */
export const MAX_VALUES_PER_KEY = 500;

/** What a key has shown so far. */
export interface SeenKey {
  events: number;
  values: string[];
}

/**
 * FIRST_SEEN: a value of `measure` never seen before for this key (a new country for a customer).
 * A key alerts only once it has `warmup` events behind it: everything is new for a new key.
 */
export function firstSeenEvent(spec: DetectorSpec, key: SeenKey, p: ScorePoint, segment: string, eventIndex: number): Finding | null {
  const raw = spec.measure ? p.row[spec.measure] : undefined;
  if (raw === null || raw === undefined) return null;
  const value = String(raw);
  key.events++;
  if (key.values.includes(value)) return null;
  key.values.push(value);
  if (key.values.length > MAX_VALUES_PER_KEY) key.values.shift();
  if (key.events - 1 < Math.max(1, spec.warmup)) return null;
  return { time: p.time, segment, value, expected: null, lower: null, upper: null, score: 1, threshold: 1, severity: 0.75, modelVersion: 0, eventIndex };
}
