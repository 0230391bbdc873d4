import type { Agg, BucketGrain } from './types.js';

const FIXED: Partial<Record<BucketGrain, number>> = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Start (UTC ms) of the grain bucket holding `t`; weeks start on Monday, as date_trunc does. */
export function bucketStart(t: number, grain: BucketGrain): number {
  const fixed = FIXED[grain];
  if (fixed) return Math.floor(t / fixed) * fixed;
  const d = new Date(t);
  if (grain === 'week') {
    const day = Math.floor(t / 86_400_000) * 86_400_000;
    const dow = (d.getUTCDay() + 6) % 7;
    return day - dow * 86_400_000;
  }
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Start of the bucket after the one starting at `start`. */
export function nextBucket(start: number, grain: BucketGrain): number {
  const fixed = FIXED[grain];
  if (fixed) return start + fixed;
  if (grain === 'week') return start + 7 * 86_400_000;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** Running aggregate of one bucket. */
export interface BucketAcc {
  start: number;
  sum: number;
  count: number;
  min: number;
  max: number;
}

export function openBucket(start: number): BucketAcc {
  return { start, sum: 0, count: 0, min: Infinity, max: -Infinity };
}

export function addToBucket(b: BucketAcc, v: number | null): void {
  b.count++;
  if (v === null) return;
  b.sum += v;
  b.min = Math.min(b.min, v);
  b.max = Math.max(b.max, v);
}

/** The bucket's value under `agg` (null when it has no value to give). */
export function bucketValue(b: BucketAcc, agg: Agg): number | null {
  switch (agg) {
    case 'COUNT':
      return b.count;
    case 'SUM':
      return b.sum;
    case 'AVG':
      return b.count ? b.sum / b.count : null;
    case 'MIN':
      return Number.isFinite(b.min) ? b.min : null;
    case 'MAX':
      return Number.isFinite(b.max) ? b.max : null;
  }
}

/** Seasonal period a grain suggests for the series model (1: none). */
export function periodForGrain(grain: BucketGrain | null): number {
  switch (grain) {
    case 'hour':
      return 24;
    case 'day':
      return 7;
    case 'month':
      return 12;
    default:
      return 1;
  }
}
