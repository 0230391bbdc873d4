import { thresholdInForce } from './thresholdRule.js';
import { severityOf, type DetectorSpec, type Finding, type ScorePoint } from './types.js';

/** Distinct values remembered per key; past it the oldest are forgotten. */
export const MAX_VALUES_PER_KEY = 500;
/**
 * The surprise (−log10 of the chance) the evaluation found to separate news from churn: 3.5, a
 * chance of about 3e-4. It is opt-in (`threshold: 3.5`): by default every new value alerts, as
 * the detector is defined, and a user who finds that noisy raises the threshold.
 */
export const SURPRISING = 3.5;
/** Values counted across all keys; past it the oldest are forgotten. */
export const MAX_GLOBAL_VALUES = 5_000;

/** What a key has shown so far: its values and how often each came (counts absent in older states). */
export interface SeenKey {
  events: number;
  values: string[];
  counts?: number[];
}

/**
 * FIRST_SEEN: a value of `measure` never seen before for this key (a new country for a customer),
 * once the key has `warmup` events behind it. Its score is the surprise of the value, −log10 of
 * the chance that this key shows a new value at all (Good–Turing: the share of its events whose
 * value it has seen exactly once, counting at least one; goodTuring) times the chance of a value
 * at most as common across all keys (globalRarity). It alerts when the score reaches
 * `threshold`: 0 (the default) alerts on every new value; SURPRISING alerts only when a key
 * settled on a few values meets a value rare everywhere, which cut false alerts on the
 * evaluation's real transactions from 30 per 1,000 events to 1.1 (bench/realtimeDetection.ts; the
 * rest are real destinations new to their origin and rare everywhere, the very kind of value
 * injected as news). Verdicts on a key's alerts then move its threshold as they do the other
 * kinds' (thresholdInForce).
 */
export function firstSeenEvent(spec: DetectorSpec, key: SeenKey, all: SeenKey, p: ScorePoint, segment: string, multiplier: number, eventIndex: number): Finding | null {
  const raw = spec.measure ? p.row[spec.measure] : undefined;
  if (raw === null || raw === undefined) return null;
  const value = String(raw);
  const rarity = globalRarity(all, value);
  count(all, value, MAX_GLOBAL_VALUES);
  if (key.values.includes(value)) {
    count(key, value, MAX_VALUES_PER_KEY);
    return null;
  }
  const chance = goodTuring(key) * rarity;
  const seasoned = key.events >= Math.max(1, spec.warmup);
  count(key, value, MAX_VALUES_PER_KEY);
  const score = Math.log10(1 / Math.max(chance, 1e-12));
  const threshold = thresholdInForce('FIRST_SEEN', spec.threshold, multiplier);
  if (!seasoned || score < threshold) return null;
  return { time: p.time, segment, value, expected: null, lower: null, upper: null, score, threshold, severity: severityOf(score, threshold), modelVersion: 0, eventIndex };
}

/** Counts one value for a key (or for all keys), forgetting the oldest value past `cap`. */
function count(key: SeenKey, value: string, cap: number): void {
  if (!key.counts || key.counts.length !== key.values.length) key.counts = key.values.map(() => 1);
  key.events++;
  const i = key.values.indexOf(value);
  if (i >= 0) {
    key.counts[i]!++;
    return;
  }
  key.values.push(value);
  key.counts.push(1);
  if (key.values.length > cap) {
    key.values.shift();
    key.counts.shift();
  }
}

/**
 * How rare `value` is across all keys, as a tail probability: the share of all events whose value
 * is at most as common as this one, plus the chance of a value never seen anywhere (Good–Turing).
 * A value nobody has shown scores that chance alone; a popular one, nearly 1.
 */
export function globalRarity(all: SeenKey, value: string): number {
  if (all.events <= 0) return 1;
  const counts = all.counts ?? all.values.map(() => 1);
  const i = all.values.indexOf(value);
  const c = i >= 0 ? counts[i]! : 0;
  let tail = 0;
  let singles = 0;
  for (const n of counts) {
    if (n <= c) tail += n;
    if (n === 1) singles++;
  }
  return Math.min(1, (tail + Math.max(1, singles)) / all.events);
}

/**
 * Good–Turing chance that the key's next event shows a value it has not shown: singletons over
 * events, counting at least one singleton. With none (every value it has shown came twice or
 * more) the plain estimate is 0, which made any new value — the most common one of all keys
 * included — the highest surprise there is (score 12); that was 7 of the 17 false alerts of the
 * evaluation's clean and labelled flights. One singleton's worth (1/events, the rule of
 * succession's order) keeps a settled key's news surprising in proportion to how long it has
 * been settled, and counts a popular value as the news it is not. globalRarity does the same.
 */
export function goodTuring(key: SeenKey): number {
  if (key.events <= 0) return 1;
  const singles = (key.counts ?? key.values.map(() => 1)).filter((c) => c === 1).length;
  return Math.max(1, singles) / key.events;
}
