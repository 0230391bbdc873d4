/** A week, in milliseconds. */
export const WEEK = 7 * 24 * 3600 * 1000;
/** Weeks back a precedent is looked for (as the seasonal habit looks back two cycles). */
export const WEEKS_BACK = 2;
/** An error at least this share of the current one (at the same time of week) is a precedent for it. */
const PRECEDENT_SHARE = 0.5;
/** Only series with a point at least this often have a time of week worth matching (a weekly series' last week is its last point). */
const MAX_STEP = 24 * 3600 * 1000;
/** Near-band errors kept per segment (the newest): enough for two weeks of a habit, bounded for a series that is near the band often. */
const KEPT = 64;

/** A near-band error and when it came. */
export interface TimedError {
  t: number;
  e: number;
}

/** What the weekly habit keeps of a segment: its near-band errors of the last weeks, and the last point's time (the series' step). */
export interface WeeklyState {
  near?: TimedError[];
  lastAt?: number;
}

/**
 * True when an error near the band (`near` or more) has a precedent at the same time of week one
 * or two weeks back: an error there at least half its size, itself near the band, on either side.
 * A series measured every day or more often can have a habit of the week that its model's season
 * does not hold — electricity demand falling early on Sunday evenings, when the model's season (if
 * any) is the day, and its window of recent errors (100 points: two days of half-hours) holds no
 * Sunday — so the same big error every Sunday evening alerted as news. "The same time" is within
 * half the series' step, so an irregular clock still matches. Records the error for the weeks to come.
 */
export function weeklyHabit(seg: WeeklyState, t: number, e: number, near: number): boolean {
  const step = seg.lastAt === undefined ? Infinity : t - seg.lastAt;
  seg.lastAt = t;
  if (!(step > 0 && step <= MAX_STEP) || !(Math.abs(e) >= near)) return false;
  const kept = (seg.near ??= []);
  while (kept.length && (t - kept[0]!.t > WEEKS_BACK * WEEK + step || kept.length >= KEPT)) kept.shift();
  const sameTime = (x: TimedError) => {
    const weeks = Math.round((t - x.t) / WEEK);
    return weeks >= 1 && weeks <= WEEKS_BACK && Math.abs(t - x.t - weeks * WEEK) <= step / 2;
  };
  const habit = kept.some((x) => sameTime(x) && Math.abs(x.e) >= PRECEDENT_SHARE * Math.abs(e));
  kept.push({ t, e });
  return habit;
}
