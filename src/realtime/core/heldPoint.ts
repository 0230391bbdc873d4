import { observeOne, predictOne, type SeriesModel } from './oneStepModel.js';
import { pushResidual } from './residualScale.js';
import type { RunEvidence } from './runEvidence.js';
import { severityOf, type Finding } from './types.js';

/** The held point's successor must come back at least this share of the way to the value expected before it. */
const RETURN_SHARE = 0.5;
/**
 * The way back must itself be significant (a two-sided 5% error, 1.96 scales), and the pair
 * together must carry the threshold's evidence: z1² + z2² ≥ threshold².
 */
const RETURN_Z = 1.96;
/**
 * The onset's next value must go on past the held one by a significant error on the held point's
 * side: a one-sided 5% error (1.645 scales), since the side is given before the value is seen.
 * At the two-sided 1.96, a price's second dear month after a freeze had taken it 7 scales up (held
 * only because an earlier freeze was in the recent errors) went 1.8 scales further and was not told.
 * The spike's return keeps RETURN_Z: one-sided there too found 3 more of the injected
 * evaluation's 341 spikes, but raised its false alerts per 1,000 clean points (1.18 to 1.22).
 */
const ONWARD_Z = 1.645;

/** Where an event sits: its index in the batch it came in, and that batch's id when the caller gave one. */
export interface EventAt {
  index: number;
  batch?: string;
}

/** A held point: what it was, what was expected, the scale and threshold in force then, and which event it was. */
export interface Pending {
  y: number;
  expected: number;
  sigma: number;
  threshold: number;
  time: number;
  /** The volatility before it (a spike is not volatility: it is undone when the point proves one). */
  vol: number;
  /**
   * The event that made the point (absent in states stored by older code). Its alert names this
   * event, not the one that settled it: the settling event may alert for its own point (or for a
   * bucket it closes) too, and alerts are unique per event and segment.
   */
  eventIndex?: number;
  batch?: string;
}

/** What settling touches of a series segment. */
interface HeldState {
  residuals: number[];
  vol?: number;
  pending?: Pending;
  version: number;
  burst?: RunEvidence;
  told?: ToldEpisode;
}

/** An onset told: points past the band on its side within `left` more points are its level arriving. */
export interface ToldEpisode {
  side: number;
  left: number;
}

/** Points after an onset's alert in which a point past the band on its side is the same episode. */
export const ONSET_EPISODE = 5;

/**
 * Settles a held point once the next value `next` is known. It was a spike when the series came
 * back: the error `next` would have had, had the held value been ordinary, is significant and on
 * the other side (see RETURN_Z), and `next` lies nearer the value expected before the held one
 * than to it. A random walk's big step is followed by an ordinary one, so a step out and straight
 * back is two tail events at once — rare even where single big steps are the series' habit (the
 * recent-range rule held such points back, and lost injected spikes on a random walk). Where the
 * model barely follows the data (a level with little smoothing), a spike leaves no such second
 * error, and the held point is taken as ordinary: the one point is all the evidence there is.
 */
export function settle(seg: HeldState, model: SeriesModel, next: number, segment: string, at: EventAt): Finding | null {
  const p = seg.pending!;
  seg.pending = undefined;
  const e = p.y - p.expected;
  // The error the next value would have had, had the held one been taken as ordinary.
  const after = next - predictOne(observeOne(structuredClone(model), p.y));
  const z1 = e / p.sigma;
  const z2 = after / p.sigma;
  const strength = Math.hypot(z1, z2);
  const spike = Math.sign(z2) === -Math.sign(z1) && Math.abs(z2) >= RETURN_Z && strength >= p.threshold && Math.abs(next - p.expected) <= RETURN_SHARE * Math.abs(e);
  // The next value goes on past the held one, as far again as a significant error (ONWARD_Z): the start of
  // a new level (a supply shock's first dear month, then a dearer one). Together the two carry
  // the evidence of Stouffer's (z1 + z2)/√2; a walk's big step is followed by an ordinary one
  // (z2 near 0 once the model has taken the step), so it stays quiet. Right after a run the other
  // way the pair is an excursion ending, not a level starting (see endsExcursion).
  const onsetScore = (z1 + z2) / Math.SQRT2;
  const onset = !spike && !endsExcursion(seg.residuals, p.sigma, z1, p.threshold) && Math.sign(z2) === Math.sign(z1) && Math.abs(z2) >= ONWARD_Z && Math.abs(onsetScore) >= p.threshold && Math.abs(e + after) > recentPairRange(seg.residuals);
  if (!spike && !onset) {
    pushResidual(seg.residuals, e);
    observeOne(model, p.y);
    return null;
  }
  const clipped = Math.sign(e) * Math.min(Math.abs(e), p.threshold * p.sigma);
  seg.vol = p.vol ?? seg.vol;
  pushResidual(seg.residuals, clipped);
  if (onset) {
    // The level is moving: the model follows the held value, and the points still on their way
    // to the new level are this episode, not a second one (see continuesAlertedRun).
    observeOne(model, p.y);
    // A level already on its way (an onset told a point ago, or a run's evidence) is not told again.
    const told = seg.burst?.alerted === true && seg.burst.side === Math.sign(z1);
    if (seg.burst) Object.assign(seg.burst, { alerted: true, byEvidence: true });
    seg.told = { side: Math.sign(z1), left: ONSET_EPISODE };
    if (told) return null;
    return heldFinding(p, onsetScore, segment, seg.version, at);
  }
  // Now known to be an outlier, the point is stepped as its forecast: a model that learnt it would
  // take the ordinary value after it for an error the other way (a spike two points later made the
  // point between them look like one).
  observeOne(model, p.expected);
  return heldFinding(p, strength * Math.sign(z1), segment, seg.version, at);
}

/** Errors before a held point read for a run the other way (as many as a short burst). */
const BEFORE = 3;
/**
 * The run before must carry, together, the evidence of a held point (1/√2 of the threshold, which
 * normal errors reach about once in 1,400 points). At a run's joining share (0.45), reached by
 * chance about once in fifty, a unit test's level shift lost its onset so and was told twice.
 */
const EXCURSION_SHARE = Math.SQRT1_2;

/**
 * True when the errors just before the held point ran the other way, together (Stouffer's Σz/√n)
 * at least EXCURSION_SHARE of the threshold: the series had been climbing ahead of its model
 * (a cyclic population, a rally), and the pair is the excursion ending — going back toward where
 * it stood — not a new level starting. A population's collapse after its peak made an onset alert
 * every cycle; a level shift out of an ordinary stretch has no such run before it.
 */
export function endsExcursion(residuals: readonly number[], sigma: number, z1: number, threshold: number): boolean {
  const before = residuals.slice(-BEFORE);
  if (!before.length) return false;
  const z = before.reduce((a, r) => a + r, 0) / sigma / Math.sqrt(before.length);
  return Math.sign(z) === -Math.sign(z1) && Math.abs(z) >= EXCURSION_SHARE * threshold;
}

/** The largest move of two successive recent errors on one side: a pair no bigger has a precedent. */
function recentPairRange(residuals: readonly number[]): number {
  let m = 0;
  for (let i = 1; i < residuals.length; i++) if (Math.sign(residuals[i]!) === Math.sign(residuals[i - 1]!)) m = Math.max(m, Math.abs(residuals[i]! + residuals[i - 1]!));
  return m;
}

/**
 * The held point's alert. Its score is the pair's evidence, √(z1² + z2²) with the point's sign:
 * the held error alone may be under the threshold. The band is drawn on the scale that score
 * implies (the error over the score), so the value lies outside [lower, upper] exactly as a single
 * point with that score would, and a client reading value, band and score sees one story.
 */
function heldFinding(p: Pending, score: number, segment: string, version: number, at: EventAt): Finding {
  const scale = (p.y - p.expected) / score;
  // A point held by older code has no event of its own: it keeps naming the settling one.
  const batch = p.eventIndex === undefined ? undefined : p.batch;
  return {
    time: p.time,
    segment,
    value: p.y,
    expected: p.expected,
    lower: p.expected - p.threshold * scale,
    upper: p.expected + p.threshold * scale,
    score,
    threshold: p.threshold,
    severity: severityOf(score, p.threshold),
    modelVersion: version,
    eventIndex: p.eventIndex ?? at.index,
    ...(batch === undefined ? {} : { batch }),
  };
}
