import type { SeriesModel } from './oneStepModel.js';

/** An error at least this share of the current one (at the same seasonal position) is a precedent for it. */
const PRECEDENT_SHARE = 0.5;

/**
 * True when the error has a precedent at the same position of one of the last two seasonal cycles:
 * an error there at least half its size and itself near the band (`near`), on either side. The
 * season is unsettled at that position (an hour of the day whose dip comes on some days and not
 * on others, which the seasonal shape can only average), so a big error there is the series'
 * habit, not news. Records the error for the cycles to come.
 */
export function seasonalHabit(seg: { cycle?: number[] }, model: SeriesModel, e: number, near: number): boolean {
  const p = model.period ?? 1;
  if (!(p >= 2)) return false;
  if (!seg.cycle || seg.cycle.length !== 2 * p) seg.cycle = new Array<number>(2 * p).fill(0);
  const ring = seg.cycle;
  const i = model.n % (2 * p);
  const alike = (x: number) => Math.abs(x) >= Math.max(PRECEDENT_SHARE * Math.abs(e), near);
  const habit = alike(ring[i]!) || alike(ring[(i + p) % (2 * p)]!);
  ring[i] = e;
  return habit;
}

/**
 * The errors by position of `ring` (kept for model `from`) re-indexed for model `to`, which takes
 * over at the same point of the series; undefined when the periods differ (the positions mean
 * nothing to the new model). Positions are read off each model's count of values seen, which a
 * refit restarts, so the ring is turned by the difference. Dropping it at every refit lost the
 * habit: an hour that dips every other day alerted again right after each refit (9 seeds in 20 of
 * the unit test's hourly series, none now).
 */
export function carryCycle(ring: readonly number[] | undefined, from: SeriesModel, to: SeriesModel): number[] | undefined {
  const p = to.period ?? 1;
  if (!ring || !(p >= 2) || (from.period ?? 1) !== p || ring.length !== 2 * p) return undefined;
  const shift = from.n - to.n;
  return ring.map((_, j) => ring[(((j + shift) % ring.length) + ring.length) % ring.length]!);
}
