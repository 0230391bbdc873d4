import { median } from '../../models/math/stats.js';
import type { SeriesModel } from './oneStepModel.js';

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
 * `values` less their seasonal profile (period ≥ 2 and at least three cycles; otherwise a copy).
 * The profile at each position is the median, over the cycles, of the value less the mean of the
 * cycle around it (a centred moving mean, so a trend is not taken for the season). `firstAt` is
 * the absolute index of values[0], so positions stay put as the window slides.
 */
export function seasonallyAdjusted(values: readonly number[], period: number, firstAt: number): number[] {
  const p = Math.round(period);
  if (!(p >= 2) || values.length < 3 * p) return values.slice();
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
  return values.map((v, i) => v - (profile[(firstAt + i) % p]! - centre));
}

/** The step ending at `end` (exclusive): median of the STEP_RECENT values before it less the median of the STEP_BEFORE before those. */
export function stepAt(values: readonly number[], end: number): number {
  const cut = end - STEP_RECENT;
  return median(values.slice(cut, end)) - median(values.slice(cut - STEP_BEFORE, cut));
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
  const earlier: number[] = [];
  for (let end = span; end <= a.length - STEP_RECENT; end++) earlier.push(stepAt(a, end));
  const centre = median(earlier);
  const dev = earlier.map((d) => Math.abs(d - centre)).sort((x, y) => x - y);
  const k = QUANTILE * (dev.length - 1);
  const lo = Math.floor(k);
  const scale = (dev[lo]! + (k - lo) * (dev[Math.min(dev.length - 1, lo + 1)]! - dev[lo]!)) / NORMAL_QUANTILE;
  if (!(scale > 0)) return null;
  const step = stepAt(a, a.length);
  if (Math.abs(step - centre) <= PRECEDENT * dev[dev.length - 1]!) return null;
  return { score: (step - centre) / scale, step };
}

/** Points after a told episode (by any rule) in which a step on its side is the same episode. */
export const STEP_EPISODE = STEP_RECENT + STEP_BEFORE;

/** What the step rule keeps per segment: the side of the last episode told, and the points it still covers. */
export interface StepWatch {
  side: number;
  left: number;
}

/**
 * One live point for the step rule (mutates `watch`). `told` is the side of an alert another rule
 * raised at this point (0 for none): it opens an episode, and the step rule stays quiet. While
 * the point is `held` (see heldPoint) the step waits for the next one, which settles it. Otherwise
 * a step past the threshold alerts unless it continues the open episode on its side.
 */
export function watchStep(watch: StepWatch, values: readonly number[], model: SeriesModel, threshold: number, told: number, held: boolean): LevelStep | null {
  if (watch.left > 0) watch.left--;
  if (told !== 0) {
    Object.assign(watch, { side: told, left: STEP_EPISODE });
    return null;
  }
  if (held) return null;
  const s = levelStep(seasonallyAdjusted(values, model.period, model.n - values.length));
  if (!s || Math.abs(s.score) < threshold) return null;
  const side = Math.sign(s.score);
  if (side !== Math.sign(s.step)) return null;
  if (watch.left > 0 && watch.side === side) return null;
  Object.assign(watch, { side, left: STEP_EPISODE });
  return s;
}

