import { median } from '../../models/math/stats.js';

/**
 * A step in the level that the one-step model has followed. A model that adapts fast (a price
 * that steps, a walk) takes a new level within a point or two, and one that barely adapts may
 * carry a band wide enough to hold a ramp, so no one-step error stands out; a person looking at
 * the stream still sees the last few values sitting apart from the stretch before them. The step
 * is read on the values themselves (seasonally adjusted where the model is seasonal): the median
 * of the last STEP_RECENT values less the median of the STEP_BEFORE before them, and only when
 * every one of the recent values lies beyond every value of that reference, on one side. It is
 * judged against the same difference at every earlier point of the recent history: off their
 * median, in their scale, and at least twice the largest of them — so a series that wanders
 * by habit (a walk, a trend, a cycle) sets a wide yardstick and stays quiet, and only a step it
 * has not made before alerts.
 */

/** Points of the recent stretch (a level's first points, a burst's). */
export const STEP_RECENT = 4;
/** Points before them: the reference level. */
export const STEP_BEFORE = 30;
/**
 * Earlier differences needed before a step is judged: twice a step's own span, so the yardstick
 * covers at least two of its windows apart (on a random walk, read from fewer, a new stretch's
 * first big move alerted now and then).
 */
const MIN_HISTORY = 2 * (STEP_RECENT + STEP_BEFORE);
/** The scale is read at this quantile of the earlier differences' distance from their median, over the normal's (as residualScale). */
const QUANTILE = 0.9;
const NORMAL_QUANTILE = 1.6449;
/**
 * The step must be this many times every earlier one (off their median): a move the series has
 * made before, or one of its size, is its habit. At 1.5 the uninjected series of the injected
 * evaluation raised 2 more alerts on their own real moves (a crash's first weeks, a steep cycle).
 */
const PRECEDENT = 2;

/**
 * The seasonal profile of `values` (period ≥ 2 and at least three cycles; otherwise null), by
 * position: at each, the median over the cycles of the value less the mean of the cycle around it
 * (a centred moving mean, so a trend is not taken for the season), centred on zero. `firstAt` is
 * the absolute index of values[0]; the profile is indexed by absolute index mod the period, so it
 * stays put as the window slides.
 */
export function seasonalProfile(values: readonly number[], period: number, firstAt: number): number[] | null {
  const p = Math.round(period);
  if (!(p >= 2) || values.length < 3 * p) return null;
  const half = Math.floor(p / 2);
  const byPos: number[][] = Array.from({ length: p }, () => []);
  let sum = 0;
  for (let i = 0; i < p; i++) sum += values[i]!;
  // The window [i - half, i - half + p) slides one value a step.
  for (let i = half; i + p - half <= values.length; i++) {
    if (i > half) sum += values[i - half + p - 1]! - values[i - half - 1]!;
    byPos[(firstAt + i) % p]!.push(values[i]! - sum / p);
  }
  const profile = byPos.map((d) => (d.length ? median(d) : 0));
  const centre = profile.reduce((a, b) => a + b, 0) / p;
  return profile.map((x) => x - centre);
}

/** `values` less `profile` (see seasonalProfile; null: a copy). */
export function lessProfile(values: readonly number[], profile: readonly number[] | null, firstAt: number): number[] {
  return profile ? values.map((v, i) => v - profile[(firstAt + i) % profile.length]!) : values.slice();
}

/** `values` less their own seasonal profile. */
export function seasonallyAdjusted(values: readonly number[], period: number, firstAt: number): number[] {
  return lessProfile(values, seasonalProfile(values, period, firstAt), firstAt);
}

/** The median of every window of `width` values: out[i] is that of values[i, i + width). */
export function rollingMedians(values: readonly number[], width: number): number[] {
  if (values.length < width) return [];
  const win = values.slice(0, width).sort((x, y) => x - y);
  const mid = () => (width % 2 ? win[(width - 1) / 2]! : (win[width / 2 - 1]! + win[width / 2]!) / 2);
  const out = [mid()];
  for (let i = width; i < values.length; i++) {
    win.splice(lowerBound(win, values[i - width]!), 1);
    win.splice(lowerBound(win, values[i]!), 0, values[i]!);
    out.push(mid());
  }
  return out;
}

/** The first index of sorted `a` whose value is not below `x`. */
function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m]! < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** True when every one of the STEP_RECENT values ending at `end` lies beyond every value of the reference before them, on one side. */
export function clearOfReference(values: readonly number[], end: number): boolean {
  const cut = end - STEP_RECENT;
  const recent = values.slice(cut, end);
  const ref = values.slice(cut - STEP_BEFORE, cut);
  return Math.min(...recent) > Math.max(...ref) || Math.max(...recent) < Math.min(...ref);
}

/** A step's score (the step off the earlier steps' median, over their scale) and the step itself. */
export interface LevelStep {
  score: number;
  step: number;
}

/**
 * The newest step (see the file's comment), or null when there is none to judge: the history is
 * too short, or the recent values are not clear of the reference. Earlier steps are those whose
 * recent stretch ended before the newest one's began, so the move judged is not its own yardstick.
 */
export function levelStep(a: readonly number[]): LevelStep | null {
  const span = STEP_RECENT + STEP_BEFORE;
  if (a.length < span + STEP_RECENT + MIN_HISTORY) return null;
  if (!clearOfReference(a, a.length)) return null;
  // The step ending at `end` (exclusive): the median of the STEP_RECENT values before it less
  // that of the STEP_BEFORE before those; every one at once, from the medians of every window.
  const recentMed = rollingMedians(a, STEP_RECENT);
  const refMed = rollingMedians(a, STEP_BEFORE);
  const stepEnding = (end: number) => recentMed[end - STEP_RECENT]! - refMed[end - span]!;
  const earlier: number[] = [];
  for (let end = span; end <= a.length - STEP_RECENT; end++) earlier.push(stepEnding(end));
  const centre = median(earlier);
  const dev = earlier.map((d) => Math.abs(d - centre)).sort((x, y) => x - y);
  const k = QUANTILE * (dev.length - 1);
  const lo = Math.floor(k);
  const scale = (dev[lo]! + (k - lo) * (dev[Math.min(dev.length - 1, lo + 1)]! - dev[lo]!)) / NORMAL_QUANTILE;
  if (!(scale > 0)) return null;
  const step = stepEnding(a.length);
  if (Math.abs(step - centre) <= PRECEDENT * dev[dev.length - 1]!) return null;
  return { score: (step - centre) / scale, step };
}

/** Points after a told episode (by any rule) in which a step on its side is the same episode. */
export const STEP_EPISODE = STEP_RECENT + STEP_BEFORE;

/**
 * What the step rule keeps per segment: the side of the last episode told and the points it still
 * covers; the seasonal profile, refreshed once a cycle (it moves slowly, and reading it off the
 * recent values at every point cost a seasonal series several times its scoring).
 */
export interface StepWatch {
  side: number;
  left: number;
  profile?: number[] | null;
  /** The point count when the profile was read, and the period it was read for. */
  profileAt?: number;
  profileFor?: number;
}

/**
 * One live point for the step rule (mutates `watch`): `values` are the segment's recent values,
 * the newest its `seen`-th point, and `period` its model's. `told` is the side of an alert another
 * rule raised at this point (0 for none): it opens an episode, and the step rule stays quiet.
 * While the point is `held` (see heldPoint) the step waits for the next one, which settles it.
 * Otherwise a step past the threshold alerts unless it continues the open episode on its side.
 */
export function watchStep(watch: StepWatch, values: readonly number[], seen: number, period: number, threshold: number, told: number, held: boolean): LevelStep | null {
  if (watch.left > 0) watch.left--;
  if (told !== 0) {
    Object.assign(watch, { side: told, left: STEP_EPISODE });
    return null;
  }
  if (held || values.length < STEP_RECENT + STEP_BEFORE + STEP_RECENT + MIN_HISTORY) return null;
  const firstAt = seen - values.length;
  const p = Math.round(period);
  // A period with no profile yet (too few cycles) is tried again a cycle later, not at every point.
  if (watch.profile === undefined || watch.profileFor !== p || seen - (watch.profileAt ?? 0) >= Math.max(p, 1)) {
    watch.profile = seasonalProfile(values, p, firstAt);
    watch.profileAt = seen;
    watch.profileFor = p;
  }
  const s = levelStep(lessProfile(values, watch.profile, firstAt));
  if (!s || Math.abs(s.score) < threshold) return null;
  const side = Math.sign(s.score);
  if (side !== Math.sign(s.step)) return null;
  if (watch.left > 0 && watch.side === side) return null;
  Object.assign(watch, { side, left: STEP_EPISODE });
  return s;
}
