import { RESIDUALS } from './residualScale.js';

/**
 * Errors the series has made before: a spike of a size it has shown twice lately (or bigger), on the same
 * side, is its habit (a job that wakes every hour and moves a burst of data), not
 * news. The band cannot learn that — an alerted error reaches the scale only clipped, so the tenth
 * hourly spike alerted like the first — so the errors of points past the band are kept here raw, with when they came.
 */

/** The error of a point past the band, and the segment's point count then. */
export interface BigError {
  e: number;
  at: number;
}

/** How far back a precedent counts, in points: the window the band itself reads (see residualScale). */
export const REPEAT_WINDOW = RESIDUALS;
/** Precedents of its size or bigger, on the same side, that make an error a repeat. */
export const REPEATS = 2;
/**
 * A precedent must be at least this many points back: the points of one episode (a level's first
 * points out, a burst) are not each other's precedents.
 */
export const APART = 2;
/** A precedent at least this share as big counts as the same size (one hourly spike a little above the last two is still the habit). */
export const SAME_SIZE = 0.75;
/** Big errors kept per segment (the newest). */
const KEPT = 32;

/** True when at least REPEATS of the big errors from APART to REPEAT_WINDOW points back were on e's side and of its size or bigger. */
export function isRepeat(kept: readonly BigError[] | undefined, e: number, now: number): boolean {
  let n = 0;
  for (const b of kept ?? []) if (now - b.at >= APART && now - b.at <= REPEAT_WINDOW && Math.sign(b.e) === Math.sign(e) && Math.abs(b.e) >= SAME_SIZE * Math.abs(e)) n++;
  return n >= REPEATS;
}

/** Keeps a big error (mutates `kept`), dropping those past the window and the oldest past KEPT. */
export function keepBig(kept: BigError[], e: number, now: number): void {
  kept.push({ e, at: now });
  while (kept.length && (now - kept[0]!.at > REPEAT_WINDOW || kept.length > KEPT)) kept.shift();
}
