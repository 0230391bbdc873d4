import { median } from '../../models/math/stats.js';
import { levelAdjusted, recordLevel, type AcceptedLevel } from './acceptedLevels.js';
import { addToBucket, bucketStart, bucketValue, nextBucket, openBucket, periodForGrain, type BucketAcc } from './buckets.js';
import { fitHeldOut, type FittedSeries } from './fitHeldOut.js';
import { settle, type EventAt, type Pending, type ToldEpisode } from './heldPoint.js';
import { watchStep, type StepWatch } from './levelStep.js';
import { observeOne, predictOne, reanchor, type SeriesModel } from './oneStepModel.js';
import { pushResidual, recentRange, residualScale, RESIDUALS } from './residualScale.js';
import { continuesAlertedRun, extendRun, lagOneCorrelation, noRun, type RunEvidence } from './runEvidence.js';
import { isRepeat, keepBig, type BigError } from './repeats.js';
import { carryCycle, seasonalHabit } from './seasonalHabit.js';
import { weeklyHabit, type WeeklyState } from './weeklyHabit.js';
import { numberOf, severityOf, type DetectorSpec, type Finding, type ScorePoint } from './types.js';

export { fitHeldOut, type FittedSeries } from './fitHeldOut.js';

/** Consecutive out-of-band points on one side after which the new level is accepted. */
export const SHIFT_RUN = 3;
/** The scale never falls below this share of the training scale (a calm stretch must not make every wobble news). */
const FLOOR_SHARE = 0.5;
/** …nor below this share of the data's resolution (values rounded to 0.1 carry rounding noise of that order). */
const QUANTUM_SHARE = 0.5;
/** Values kept per segment for retraining. */
export const RECENT = 600;
/** Empty buckets filled (as zero, for SUM and COUNT) when a series skips ahead; more is a gap. */
const MAX_FILL = 1000;
/** Live points before drift is judged. */
export const DRIFT_MIN_POINTS = 50;
const DRIFT_WEIGHT = 0.03;
/**
 * Weight of the newest error in the volatility (RiskMetrics' 0.06, a decay of 0.94): after a few
 * big errors the band widens within days, so a market's crash alerts at its start, not on every
 * day of it (the 90% quantile of the last 100 errors needs ten of them to move).
 */
const VOL_WEIGHT = 0.06;
/** Mean absolute error to a normal's sigma. */
const ABS_TO_SIGMA = Math.sqrt(Math.PI / 2);
/**
 * A point this share of the band out (or past it with a precedent in the recent errors) is held
 * for one point, to see whether it comes straight back (1/√2: with an equal error back, the pair
 * carries the evidence of one error at the threshold).
 */
const HOLD_SHARE = Math.SQRT1_2;

/** One series (one segment) of a SERIES_ANOMALY detector. */
export interface SeriesSegment {
  /** Values seen before the model was trained. */
  warm: number[];
  model: SeriesModel | null;
  version: number;
  /** Robust scale of the one-step errors when the model was trained. */
  sigma: number;
  /** Recent one-step errors of points that did not alert (the live scale and range). */
  residuals: number[];
  /** Lowest scale allowed (a share of the training scale). */
  floor: number;
  /** Points seen, and how many the current model was trained on (refit as the history doubles). */
  seen: number;
  trainedOn: number;
  /** Signed length of the current run of out-of-band points. */
  run: number;
  runValues: number[];
  /** One-step mean absolute error on the held-out end of the warmup (or the last retrain's). */
  backtestMae: number;
  liveMae: number;
  liveN: number;
  recent: number[];
  /** Points scored since the model was trained (so a retrain can catch up). */
  sinceTrain: number;
  bucket: BucketAcc | null;
  lastTime: number;
  /** Exponentially weighted mean absolute (clipped) one-step error: the volatility now (absent in older states). */
  vol?: number;
  /** The volatility before the current run began (a run that proves a level shift is not volatility). */
  runVol?: number;
  /** Seasonal models: the errors of the last two cycles, by position (a ring of twice the period). */
  cycle?: number[];
  /** A point past the band but with a precedent in the recent errors, held until the next point shows whether it reverted. */
  pending?: Pending;
  /** The current run of points moderately out on one side (a burst's evidence; absent in older states). */
  burst?: RunEvidence;
  /** An onset told lately (see heldPoint's settle): its side, and the points it still covers. */
  told?: ToldEpisode;
  /** Recent big errors, raw (see repeats). */
  big?: BigError[];
  /** Levels accepted within the recent values, for refits (see acceptedLevels). */
  levels?: AcceptedLevel[];
  /** Near-band errors of the last weeks, by time (see weeklyHabit). */
  week?: WeeklyState;
  /** The step rule's open episode (see levelStep). */
  step?: StepWatch;
}

export function newSeriesSegment(): SeriesSegment {
  return { warm: [], model: null, version: 0, sigma: 0, residuals: [], floor: 0, seen: 0, trainedOn: 0, run: 0, runValues: [], backtestMae: 0, liveMae: 0, liveN: 0, recent: [], sinceTrain: 0, bucket: null, lastTime: -Infinity };
}

/**
 * Feeds one event to a segment. Without a grain the event is one point; with a grain it joins its
 * bucket, and a bucket is scored when an event of a later bucket arrives. Events older than the
 * segment's current point or bucket are late: stored, but not part of the series. `batch` names
 * the batch the event came in (see Finding.batch).
 */
export function seriesEvent(spec: DetectorSpec, seg: SeriesSegment, p: ScorePoint, segment: string, multiplier: number, eventIndex: number, refitInline = false, batch?: string): Finding[] {
  const at: EventAt = batch === undefined ? { index: eventIndex } : { index: eventIndex, batch };
  const v = spec.agg === 'COUNT' ? 1 : numberOf(p.row, spec.measure);
  if (!spec.grain) {
    if (v === null || p.time < seg.lastTime) return [];
    seg.lastTime = p.time;
    return scorePoint(spec, seg, v, p.time, segment, multiplier, at, refitInline);
  }
  const start = bucketStart(p.time, spec.grain);
  if (!seg.bucket) seg.bucket = openBucket(start);
  if (start < seg.bucket.start) return [];
  const out: Finding[] = [];
  let fills = 0;
  while (start > seg.bucket.start) {
    const closed = seg.bucket;
    const value = bucketValue(closed, spec.agg);
    if (value !== null) {
      out.push(...scorePoint(spec, seg, value, closed.start, segment, multiplier, at, refitInline));
    }
    const next = nextBucket(closed.start, spec.grain);
    // An empty bucket is a zero for sums and counts; for the others (or a long gap) the series resumes at the event.
    const fill = (spec.agg === 'SUM' || spec.agg === 'COUNT') && next < start && fills++ < MAX_FILL;
    seg.bucket = openBucket(fill ? next : start);
  }
  addToBucket(seg.bucket, v);
  return out;
}

function scorePoint(spec: DetectorSpec, seg: SeriesSegment, y: number, time: number, segment: string, multiplier: number, at: EventAt, refitInline: boolean): Finding[] {
  backfill(seg);
  remember(seg, y);
  seg.seen++;
  if (!seg.model) {
    seg.warm.push(y);
    if (seg.warm.length >= Math.max(spec.warmup, 8)) train(spec, seg, seg.warm);
    return [];
  }
  const held = seg.pending ? settle(seg, seg.model, y, segment, at) : null;
  const now = scoreNow(spec, seg, seg.model, y, time, segment, multiplier, at, refitInline);
  const found = [...(held ? [held] : []), ...(now ? [now] : [])];
  // A step the model has followed (see levelStep): told once per episode, whichever rule told it.
  const told = Math.sign(found[found.length - 1]?.score ?? 0);
  const step = seg.model ? watchStep((seg.step ??= { side: 0, left: 0 }), seg.recent, seg.seen, seg.model.period, spec.threshold * multiplier, told, seg.pending !== undefined) : null;
  // A run under way on the step's side is the same episode: its evidence is not told again (a
  // ramp told by the step had its next points told once more by their run).
  if (step && seg.burst?.side === Math.sign(step.score) && seg.burst.n > 0) seg.burst.alerted = true;
  return step ? [...found, finding(seg, y, y - step.step, Math.abs(step.step / step.score), step.score, spec.threshold * multiplier, time, segment, at)] : found;
}

/** The band's scale now: the recent errors' quantile, the volatility, or the floor, whichever is widest. */
export function bandScale(seg: SeriesSegment, expected: number): number {
  return Math.max(residualScale(seg.residuals), ABS_TO_SIGMA * (seg.vol ?? 0), seg.floor, 1e-9 * Math.max(1, Math.abs(expected)));
}

function scoreNow(spec: DetectorSpec, seg: SeriesSegment, model: SeriesModel, y: number, time: number, segment: string, multiplier: number, at: EventAt, refitInline: boolean): Finding | null {
  const expected = predictOne(model);
  if (!Number.isFinite(expected)) {
    observeOne(model, y);
    return null;
  }
  const sigma = bandScale(seg, expected);
  const e = y - expected;
  const z = e / sigma;
  const threshold = spec.threshold * multiplier;
  // A big error the season or the week has shown at this position before is habit (both are read: each records the error).
  const near = HOLD_SHARE * threshold * sigma;
  const habit = [seasonalHabit(seg, model, e, near), weeklyHabit((seg.week ??= {}), time, e, near)].includes(true);
  // Out of band: past the threshold, and past every error of the recent window (an error with a
  // precedent there is the series' own heavy tail, not news).
  const out = Math.abs(z) >= threshold && Math.abs(e) > recentRange(seg.residuals) && !habit;
  seg.sinceTrain++;
  const clipped = Math.sign(e) * Math.min(Math.abs(e), threshold * sigma);
  seg.liveMae = seg.liveN === 0 ? Math.abs(clipped) : (1 - DRIFT_WEIGHT) * seg.liveMae + DRIFT_WEIGHT * Math.abs(clipped);
  seg.liveN++;
  const volBefore = seg.vol ?? 0;
  seg.vol = seg.vol === undefined ? Math.abs(clipped) : (1 - VOL_WEIGHT) * seg.vol + VOL_WEIGHT * Math.abs(clipped);
  // A burst: several points in a row moderately out on one side (see runEvidence). Its alert names
  // the point that completes the evidence, which is then learnt as ordinary rather than held. A
  // point past the band that continues a run already alerted by its evidence is the same episode: it
  // is handled as out (the model learns the bound, a long run becomes a shift) but not told again.
  // A point the season explains is not out on any side: it ends the run, so a run stays consecutive.
  const continued = out && (continuesAlertedRun((seg.burst ??= noRun()), z, threshold) || seg.told?.side === Math.sign(z));
  if (seg.told && --seg.told.left <= 0) seg.told = undefined;
  if (habit) seg.burst = noRun();
  const evidence = habit ? null : trackRun(seg, z, threshold, out);
  if (!out && !habit && evidence === null && Math.abs(z) >= HOLD_SHARE * threshold) {
    seg.run = 0;
    seg.runValues = [];
    seg.pending = { y, expected, sigma, threshold, time, vol: volBefore, eventIndex: at.index, ...(at.batch === undefined ? {} : { batch: at.batch }) };
    return null;
  }
  if (!out) {
    seg.run = 0;
    seg.runValues = [];
    pushResidual(seg.residuals, e);
    observeOne(model, y);
    if (refitInline && refitDue(seg)) refit(spec, seg);
    return evidence === null ? null : runFinding(seg, y, expected, evidence, threshold, time, segment, at);
  }
  const side = Math.sign(e);
  seg.run = Math.sign(seg.run) === side ? seg.run + side : side;
  seg.runValues = Math.abs(seg.run) === 1 ? [y] : [...seg.runValues, y];
  if (Math.abs(seg.run) === 1) seg.runVol = volBefore;
  const shifted = Math.abs(seg.run) >= SHIFT_RUN;
  if (shifted) {
    // A sustained move: take it as the new level instead of alerting on it forever.
    const target = median(seg.runValues);
    // Only a model without a season keeps it for refits: a median of seasonal values says nothing of the level.
    if (model.method === 'ets' && model.period <= 1) recordLevel((seg.levels ??= []), { at: seg.seen - SHIFT_RUN + 1, target, delta: target - predictOne(model) }, seg.seen, RECENT);
    reanchor(model, target);
    seg.vol = seg.runVol ?? seg.vol;
    // The new level is the reference now: a run away from it starts afresh, and errors measured
    // from the old one (this point's too: see keepBig below) are no precedent.
    seg.burst = noRun();
    seg.big = [];
    observeOne(model, y);
    seg.run = 0;
    seg.runValues = [];
  } else {
    // The scale sees an alerted error only clipped to the band: a lone spike barely moves a
    // quantile, while a run of them (volatility rising) widens the band within the window.
    pushResidual(seg.residuals, clipped);
    // A lone outlier must not drag the model: it learns the bound, not the value (stepping as if
    // it were the forecast instead lost level shifts and raised false alerts in the evaluation).
    observeOne(model, expected + clipped);
  }
  // A spike the series has shown twice lately is handled as one but not told: its habit (see repeats).
  const repeat = isRepeat(seg.big, e, seg.seen);
  if (!shifted) keepBig((seg.big ??= []), e, seg.seen);
  if (continued || repeat) return null;
  return finding(seg, y, expected, sigma, z, threshold, time, segment, at);
}

/** Adds the point to the segment's run; the run's evidence when it alerts here (never when the point alerts by itself). */
function trackRun(seg: SeriesSegment, z: number, threshold: number, out: boolean): number | null {
  seg.burst ??= noRun();
  // The correlation is read off the errors before the run: the run's own errors, all big and on one side, would make it look habitual.
  const evidence = extendRun(seg.burst, z, threshold, () => lagOneCorrelation(seg.residuals.slice(0, Math.max(0, seg.residuals.length - (seg.burst!.n - 1)))));
  if (out) seg.burst.alerted = true;
  return out ? null : evidence;
}

/**
 * A run's alert, at the point that completed its evidence. The score is the run's evidence; the
 * band is drawn on the scale that score implies (the error over the score), as for a held point,
 * so value, band and score tell one story.
 */
function runFinding(seg: SeriesSegment, y: number, expected: number, evidence: number, threshold: number, time: number, segment: string, at: EventAt): Finding {
  return finding(seg, y, expected, Math.abs((y - expected) / evidence), evidence, threshold, time, segment, at);
}

/** An alert's finding: the band is `threshold` times `scale` around the forecast. */
function finding(seg: SeriesSegment, y: number, expected: number, scale: number, score: number, threshold: number, time: number, segment: string, at: EventAt): Finding {
  return {
    time,
    segment,
    value: y,
    expected,
    lower: expected - threshold * scale,
    upper: expected + threshold * scale,
    score,
    threshold,
    severity: severityOf(score, threshold),
    modelVersion: seg.version,
    eventIndex: at.index,
  };
}

function remember(seg: SeriesSegment, y: number): void {
  seg.recent.push(y);
  if (seg.recent.length > RECENT) seg.recent.splice(0, seg.recent.length - RECENT);
}

/** Fields added after states were first stored: an older stored segment gets them here. */
function backfill(seg: SeriesSegment): void {
  seg.residuals ??= [];
  seg.floor ??= 0;
  seg.seen ??= seg.recent.length;
  seg.trainedOn ??= RECENT;
}

/**
 * While a segment's history is short, its first model saw little (a few cycles at most): it is
 * due a refit each time the history doubles, up to RECENT values. A fit can take a good part of a
 * second, so the service does it in its retrain worker (`drifted` reports the segment); the
 * evaluation, with no worker, refits inline (LiveDetector's `refitInline`).
 */
export function refitDue(seg: SeriesSegment): boolean {
  return seg.model !== null && (seg.trainedOn ?? RECENT) < RECENT && (seg.seen ?? 0) >= 2 * seg.trainedOn;
}

function refit(spec: DetectorSpec, seg: SeriesSegment): void {
  const version = seg.version;
  const sinceTrain = seg.sinceTrain;
  install(seg, fitHeldOut(levelAdjusted(seg.recent, seg.seen, seg.levels), periodForGrain(spec.grain), newestOrdinary(seg) ? 1 : 0));
  seg.version = version + 1;
  seg.sinceTrain = sinceTrain;
}

/**
 * Trains a segment's model: see fitHeldOut. The held-out errors set the scale and the backtest
 * error drift is judged against.
 */
export function train(spec: DetectorSpec, seg: SeriesSegment, values: readonly number[]): void {
  backfill(seg);
  seg.seen = Math.max(seg.seen, values.length);
  install(seg, fitHeldOut(values, periodForGrain(spec.grain)));
  seg.warm = [];
  seg.sinceTrain = 0;
}

function install(seg: SeriesSegment, fitted: FittedSeries): void {
  const old = seg.model;
  seg.model = fitted.model;
  seg.sigma = fitted.sigma;
  seg.backtestMae = fitted.mae;
  seg.residuals = (fitted.residuals ?? []).slice(-RESIDUALS);
  seg.vol = fitted.sigma / ABS_TO_SIGMA;
  seg.floor = Math.max(FLOOR_SHARE * fitted.sigma, QUANTUM_SHARE * (fitted.quantum ?? 0));
  seg.trainedOn = fitted.trainedOn ?? RECENT;
  seg.version++;
  seg.liveMae = 0;
  seg.liveN = 0;
  seg.run = 0;
  seg.runValues = [];
  seg.burst = noRun();
  // A held point stays held: its callers step the new model up to just before it (train and
  // refit run with none held), so the next value settles it as usual. The errors by position in
  // the cycle carry over to a model of the same period (see carryCycle).
  seg.cycle = old ? carryCycle(seg.cycle, old, fitted.model) : undefined;
  // Its volatility was the old model's; a spike undoes the point's share of the new one, which has none.
  if (seg.pending) seg.pending.vol = seg.vol;
}

/**
 * True when the segment's model should be retrained: its live one-step error has grown past
 * `factor` times its backtest error, or its history has doubled since a short first fit.
 */
export function drifted(seg: SeriesSegment, factor: number): boolean {
  if (refitDue(seg)) return true;
  return seg.model !== null && seg.liveN >= DRIFT_MIN_POINTS && seg.backtestMae > 0 && seg.liveMae > factor * seg.backtestMae;
}

/**
 * True when the live detector took the newest value as ordinary: it neither held it nor alerted on
 * it (past the band, or completing a run's evidence). The live model has then followed it, and a
 * refit keeps it as it is (see fitHeldOut's `keepLast`).
 */
export function newestOrdinary(seg: SeriesSegment): boolean {
  return !seg.pending && seg.run === 0 && !((seg.burst?.n ?? 0) > 0 && seg.burst?.alerted === true);
}

/**
 * The history a retrain fits (see installModel): the recent values, less a held point (the newest
 * value when one is held: the next value settles it, with whichever model is in force then), the
 * `sinceTrain` count that history ends at, and how many of its newest values the fit keeps
 * uncleaned (see newestOrdinary).
 */
export function retrainHistory(seg: SeriesSegment): { values: number[]; sinceTrain: number; keepLast: number } {
  const held = seg.pending ? 1 : 0;
  return { values: levelAdjusted(seg.recent.slice(0, seg.recent.length - held), seg.seen - held, seg.levels), sinceTrain: seg.sinceTrain - held, keepLast: newestOrdinary(seg) ? 1 : 0 };
}

/**
 * Installs a model retrained elsewhere (a worker) on `trainedOn` values ending `lag` points ago
 * (see retrainHistory): it is stepped through the values that arrived meanwhile, then takes over —
 * the old model scored until this moment, so there is no gap. A point held now is not stepped
 * through: it stays held, and the next value settles it against the new model, so a spike held
 * while the worker trained is still reported.
 */
export function installModel(seg: SeriesSegment, fitted: FittedSeries, lag: number): void {
  backfill(seg);
  const model = fitted.model;
  const end = seg.recent.length - (seg.pending ? 1 : 0);
  for (const y of lag > 0 ? seg.recent.slice(Math.max(0, seg.recent.length - lag), end) : []) observeOne(model, y);
  install(seg, { ...fitted, trainedOn: fitted.trainedOn ?? RECENT });
  seg.sinceTrain = 0;
}
