import { median, robustSigma } from '../../models/math/stats.js';

/** Half-width of the running median the training values are compared with. */
const HALF = 3;
/** A training value further than this many robust scales from its running median is an outlier. */
const CUT = 5;

/**
 * A Hampel filter for training data: each value far from the median of its neighbourhood (more than
 * CUT robust scales of all such deviations) is replaced by that median. Spikes already in the
 * history would otherwise be learnt as normal, inflating the model's error scale and hiding the
 * next ones; level shifts survive (a new level is the neighbourhood's median on both sides of it).
 * The last `keepLast` values are left as they are: see fitHeldOut.
 */
export function hampel(values: readonly number[], keepLast = 0): number[] {
  const n = values.length;
  if (n < 2 * HALF + 1) return values.slice();
  const meds = values.map((_, i) => median(values.slice(Math.max(0, i - HALF), Math.min(n, i + HALF + 1))));
  const dev = values.map((v, i) => v - meds[i]!);
  const scale = robustSigma(dev);
  if (!(scale > 0)) return values.slice();
  return values.map((v, i) => (i < n - keepLast && Math.abs(dev[i]!) > CUT * scale ? meds[i]! : v));
}

/** The smallest gap between distinct values (0 for fewer than two): values rounded to 0.1 differ by at least 0.1. */
export function resolution(values: readonly number[]): number {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  let q = Infinity;
  for (let i = 1; i < sorted.length; i++) q = Math.min(q, sorted[i]! - sorted[i - 1]!);
  return Number.isFinite(q) ? q : 0;
}
