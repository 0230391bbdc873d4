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
 */
export function hampel(values: readonly number[]): number[] {
  const n = values.length;
  if (n < 2 * HALF + 1) return values.slice();
  const meds = values.map((_, i) => median(values.slice(Math.max(0, i - HALF), Math.min(n, i + HALF + 1))));
  const dev = values.map((v, i) => v - meds[i]!);
  const scale = robustSigma(dev);
  if (!(scale > 0)) return values.slice();
  return values.map((v, i) => (Math.abs(dev[i]!) > CUT * scale ? meds[i]! : v));
}
