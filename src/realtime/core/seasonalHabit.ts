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
