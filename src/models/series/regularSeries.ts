import type { Grain } from '../../shared/catalog.js';
import { GRAINS } from '../../shared/catalog.js';
import { badInput } from '../../shared/errors.js';
import { MAX_ABS_VALUE } from '../guards.js';
import { formatPeriod, parseTime, periodIndex, periodStartMs } from './grainTime.js';

/**
 * A regular series: one value per period from `start`, at `grain`. A missing period is an
 * explicit null, never a silent shift of the later values.
 */
export interface RegularSeries {
  /** ISO start of the first period. */
  start: string;
  grain: Grain;
  values: (number | null)[];
}

export interface TimedPoint {
  t: string;
  v: number | null;
}

export type Combine = 'mean' | 'sum';

/** Longest series `regularize` builds; a few far-apart timestamps at a fine grain would otherwise allocate without bound. */
export const MAX_PERIODS = 1_000_000;

/** Buckets points to `grain` (UTC), combining duplicates per bucket (mean or sum), nulls for empty periods. */
export function regularize(points: readonly TimedPoint[], grain: Grain, combine: Combine = 'mean'): RegularSeries {
  if (!GRAINS.includes(grain)) throw badInput(`unknown grain '${String(grain)}' (use one of ${GRAINS.join(', ')})`);
  if (combine !== 'mean' && combine !== 'sum') throw badInput(`combine must be 'mean' or 'sum', got '${String(combine)}'`);
  if (points.length === 0) return { start: formatPeriod(0, grain), grain, values: [] };
  const idx = new Array<number>(points.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const k = periodIndex(parseTime(p.t), grain);
    idx[i] = k;
    if (k < lo) lo = k;
    if (k > hi) hi = k;
    if (p.v !== null && (typeof p.v !== 'number' || !Number.isFinite(p.v) || Math.abs(p.v) > MAX_ABS_VALUE)) {
      throw badInput(`value at point ${i} (${p.t}) is not a usable number (${String(p.v)})`, { index: i });
    }
  }
  const length = hi - lo + 1;
  if (length > MAX_PERIODS) {
    throw badInput(`the timestamps span ${length} ${grain}s, more than the ${MAX_PERIODS} a series may hold; choose a coarser grain or a shorter range`);
  }
  const sums = new Float64Array(length);
  const counts = new Uint32Array(length);
  for (let i = 0; i < points.length; i++) {
    const v = points[i]!.v;
    if (v === null) continue;
    const k = idx[i]! - lo;
    sums[k] = sums[k]! + v;
    counts[k] = counts[k]! + 1;
  }
  const values: (number | null)[] = new Array(length);
  for (let k = 0; k < length; k++) values[k] = counts[k] === 0 ? null : combine === 'sum' ? sums[k]! : sums[k]! / counts[k]!;
  return { start: formatPeriod(periodStartMs(lo, grain), grain), grain, values };
}

/** ISO label of the i-th period of a series. */
export function dateAt(series: Pick<RegularSeries, 'start' | 'grain'>, i: number): string {
  const base = periodIndex(parseTime(series.start), series.grain);
  return formatPeriod(periodStartMs(base + i, series.grain), series.grain);
}

/** Labels of every period of a series (cheaper than calling dateAt in a loop for fixed grains). */
export function datesOf(series: RegularSeries): string[] {
  const base = periodIndex(parseTime(series.start), series.grain);
  return series.values.map((_, i) => formatPeriod(periodStartMs(base + i, series.grain), series.grain));
}

/** Re-buckets a regular series to a coarser grain (e.g. daily to monthly), mean or sum per bucket. */
export function aggregateTo(series: RegularSeries, grain: Grain, combine: Combine = 'mean'): RegularSeries {
  if (GRAINS.indexOf(grain) < GRAINS.indexOf(series.grain)) throw badInput(`cannot aggregate a ${series.grain} series to the finer grain ${grain}`);
  const dates = datesOf(series);
  return regularize(dates.map((t, i) => ({ t, v: series.values[i] ?? null })), grain, combine);
}
