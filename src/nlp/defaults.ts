import type { CatalogColumn, CatalogDataset, Grain } from '../shared/catalog.js';
import { GRAINS, primaryTimeColumn } from '../shared/catalog.js';
import type { Aggregation } from '../insights/insightQuery.js';
import { ABBREVIATIONS, AVERAGE_WORDS, SUM_WORDS } from './lexicon.js';
import { daysBetween } from './calendar.js';
import type { DateRange } from './timePhrases.js';
import { splitLabel } from './vocabulary.js';

const MAX_WORDS = new Set(['max', 'maximum', 'high', 'highest', 'peak', 'top']);
const MIN_WORDS = new Set(['min', 'minimum', 'low', 'lowest', 'bottom']);
const AVG_WORDS = new Set(['avg', 'average', 'mean']);
const DURATION_WORDS = new Set(['time', 'duration', 'length', 'runtime', 'running']);

/**
 * The aggregation a person means when they name a measure without one: the label's own word
 * ("price_max" → max), then rate-like words (averaged) or amount words (summed), then the profile:
 * non-negative integral or zero-inflated values are counts or amounts (summed); the rest is averaged.
 */
export function defaultAggregation(col: CatalogColumn): Aggregation {
  const words = [...new Set([...splitLabel(col.label), ...splitLabel(col.name)])];
  // "min" after a duration word means minutes ("running time min"), not minimum.
  const isDuration = words.some((w) => DURATION_WORDS.has(w));
  for (const w of words) {
    if (MAX_WORDS.has(w)) return 'max';
    if (MIN_WORDS.has(w) && !(isDuration && w === 'min')) return 'min';
    if (AVG_WORDS.has(w)) return 'avg';
  }
  const expanded = words.flatMap((w) => [w, ABBREVIATIONS[w] ?? w]);
  if (isDuration) return 'avg';
  if (expanded.some((w) => AVERAGE_WORDS.has(w))) return 'avg';
  if (expanded.some((w) => SUM_WORDS.has(w))) return 'sum';
  const s = col.stats;
  if (s && s.nonNegative && (s.integralShare ?? 0) >= 0.9) return 'sum';
  // Zero-inflated non-negative quantities (a quarter or more exactly zero) are amounts that
  // accumulate — rainfall, daily sales, events — while rates and levels are seldom exactly zero.
  const p25 = s?.quantiles?.find((q) => q.p === 0.25)?.value;
  if (s && s.nonNegative && s.min === 0 && p25 === 0) return 'sum';
  return 'avg';
}

/** A time grain that gives a readable series (roughly 12–150 points) over the range or the data's span. */
export function defaultGrain(ds: CatalogDataset, range?: DateRange): Grain {
  const tc = primaryTimeColumn(ds);
  const native = tc?.stats?.grain ?? 'day';
  const from = range?.from ?? tc?.stats?.minTime ?? undefined;
  const to = range?.to ?? tc?.stats?.maxTime ?? undefined;
  const span = from && to ? Math.max(1, daysBetween(from.slice(0, 10), to.slice(0, 10))) : 365;
  const wanted: Grain = span > 365 * 20 ? 'year' : span > 365 * 2 ? 'month' : span > 120 ? 'month' : span > 21 ? 'day' : span > 2 ? 'day' : 'hour';
  return coarser(wanted, native);
}

/** The coarser of two grains. */
export function coarser(a: Grain, b: Grain): Grain {
  return GRAINS.indexOf(a) >= GRAINS.indexOf(b) ? a : b;
}
