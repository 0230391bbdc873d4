import { median, robustSigma } from '../../models/math/stats.js';
import { addToBucket, bucketStart, bucketValue, nextBucket, openBucket, periodForGrain, type BucketAcc } from './buckets.js';
import { observeOne, predictOne, reanchor, trainOneStep, type SeriesModel } from './oneStepModel.js';
import { numberOf, severityOf, type DetectorSpec, type Finding, type ScorePoint } from './types.js';

/** Consecutive out-of-band points on one side after which the new level is accepted. */
export const SHIFT_RUN = 3;
/** Weight of each new squared residual in the running scale. */
const SCALE_WEIGHT = 0.02;
/** Values kept per segment for retraining. */
export const RECENT = 600;
/** Empty buckets filled (as zero, for SUM and COUNT) when a series skips ahead; more is a gap. */
const MAX_FILL = 1000;
/** Live points before drift is judged. */
export const DRIFT_MIN_POINTS = 50;
const DRIFT_WEIGHT = 0.03;

/** One series (one segment) of a SERIES_ANOMALY detector. */
export interface SeriesSegment {
  /** Values seen before the model was trained. */
  warm: number[];
  model: SeriesModel | null;
  version: number;
  /** Running scale of one-step residuals. */
  sigma: number;
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
}

export function newSeriesSegment(): SeriesSegment {
  return { warm: [], model: null, version: 0, sigma: 0, run: 0, runValues: [], backtestMae: 0, liveMae: 0, liveN: 0, recent: [], sinceTrain: 0, bucket: null, lastTime: -Infinity };
}

/**
 * Feeds one event to a segment. Without a grain the event is one point; with a grain it joins its
 * bucket, and a bucket is scored when an event of a later bucket arrives. Events older than the
 * segment's current point or bucket are late: stored, but not part of the series.
 */
export function seriesEvent(spec: DetectorSpec, seg: SeriesSegment, p: ScorePoint, segment: string, multiplier: number, eventIndex: number): Finding[] {
  const v = spec.agg === 'COUNT' ? 1 : numberOf(p.row, spec.measure);
  if (!spec.grain) {
    if (v === null || p.time < seg.lastTime) return [];
    seg.lastTime = p.time;
    const f = scorePoint(spec, seg, v, p.time, segment, multiplier, eventIndex);
    return f ? [f] : [];
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
      const f = scorePoint(spec, seg, value, closed.start, segment, multiplier, eventIndex);
      if (f) out.push(f);
    }
    const next = nextBucket(closed.start, spec.grain);
    // An empty bucket is a zero for sums and counts; for the others (or a long gap) the series resumes at the event.
    const fill = (spec.agg === 'SUM' || spec.agg === 'COUNT') && next < start && fills++ < MAX_FILL;
    seg.bucket = openBucket(fill ? next : start);
  }
  addToBucket(seg.bucket, v);
  return out;
}

function scorePoint(spec: DetectorSpec, seg: SeriesSegment, y: number, time: number, segment: string, multiplier: number, eventIndex: number): Finding | null {
  remember(seg, y);
  if (!seg.model) {
    seg.warm.push(y);
    if (seg.warm.length >= Math.max(spec.warmup, 8)) train(spec, seg, seg.warm);
    return null;
  }
  const model = seg.model;
  const expected = predictOne(model);
  if (!Number.isFinite(expected)) {
    observeOne(model, y);
    return null;
  }
  const sigma = Math.max(seg.sigma, 1e-9 * Math.max(1, Math.abs(expected)));
  const e = y - expected;
  const z = e / sigma;
  const threshold = spec.threshold * multiplier;
  const out = Math.abs(z) >= threshold;
  seg.sinceTrain++;
  const clipped = Math.sign(e) * Math.min(Math.abs(e), threshold * sigma);
  seg.sigma = Math.sqrt((1 - SCALE_WEIGHT) * sigma * sigma + SCALE_WEIGHT * clipped * clipped);
  seg.liveMae = seg.liveN === 0 ? Math.abs(clipped) : (1 - DRIFT_WEIGHT) * seg.liveMae + DRIFT_WEIGHT * Math.abs(clipped);
  seg.liveN++;
  if (!out) {
    seg.run = 0;
    seg.runValues = [];
    observeOne(model, y);
    return null;
  }
  const side = Math.sign(e);
  seg.run = Math.sign(seg.run) === side ? seg.run + side : side;
  seg.runValues = Math.abs(seg.run) === 1 ? [y] : [...seg.runValues, y];
  if (Math.abs(seg.run) >= SHIFT_RUN) {
    // A sustained move: take it as the new level instead of alerting on it forever.
    reanchor(model, median(seg.runValues));
    observeOne(model, y);
    seg.run = 0;
    seg.runValues = [];
  } else {
    // A lone outlier must not drag the model: it learns the bound, not the value (stepping as if
    // it were the forecast instead lost level shifts and raised false alerts in the evaluation).
    observeOne(model, expected + clipped);
  }
  return {
    time,
    segment,
    value: y,
    expected,
    lower: expected - threshold * sigma,
    upper: expected + threshold * sigma,
    score: z,
    threshold,
    severity: severityOf(z, threshold),
    modelVersion: seg.version,
    eventIndex,
  };
}

function remember(seg: SeriesSegment, y: number): void {
  seg.recent.push(y);
  if (seg.recent.length > RECENT) seg.recent.splice(0, seg.recent.length - RECENT);
}

/**
 * Trains a segment's model: the automatic ETS on the first two thirds of `values`, stepped one at
 * a time through the last third, whose one-step errors set the scale (robust) and the backtest
 * error drift is judged against.
 */
export function train(spec: DetectorSpec, seg: SeriesSegment, values: readonly number[]): void {
  const trained = fitHeldOut(values, periodForGrain(spec.grain));
  seg.model = trained.model;
  seg.sigma = trained.sigma;
  seg.backtestMae = trained.mae;
  seg.version++;
  seg.warm = [];
  seg.liveMae = 0;
  seg.liveN = 0;
  seg.sinceTrain = 0;
}

/** A model fitted on the head of `values` and stepped through the rest, with the scale of its one-step errors there. */
export function fitHeldOut(values: readonly number[], period: number): { model: SeriesModel; sigma: number; mae: number } {
  const cut = Math.max(6, Math.floor(values.length * (2 / 3)));
  const model = trainOneStep(values.slice(0, cut), period);
  const errors: number[] = [];
  for (const y of values.slice(cut)) {
    const e = y - predictOne(model);
    if (Number.isFinite(e)) errors.push(e);
    observeOne(model, y);
  }
  const sigma = errors.length >= 3 ? robustSigma(errors) : Math.sqrt(model.sigma2);
  const floor = 1e-6 * Math.max(1, Math.abs(predictOne(model)));
  const mae = errors.length ? errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length : sigma;
  return { model, sigma: Math.max(sigma, floor), mae };
}

/** True when the segment's live one-step error has grown past `factor` times its backtest error. */
export function drifted(seg: SeriesSegment, factor: number): boolean {
  return seg.model !== null && seg.liveN >= DRIFT_MIN_POINTS && seg.backtestMae > 0 && seg.liveMae > factor * seg.backtestMae;
}

/**
 * Installs a model retrained elsewhere (a worker) on `trainedOn` values ending `lag` points ago:
 * it is stepped through the values that arrived meanwhile, then takes over — the old model scored
 * until this moment, so there is no gap.
 */
export function installModel(seg: SeriesSegment, fitted: { model: SeriesModel; sigma: number; mae: number }, lag: number): void {
  const model = fitted.model;
  for (const y of lag > 0 ? seg.recent.slice(-lag) : []) observeOne(model, y);
  seg.model = model;
  seg.sigma = fitted.sigma;
  seg.backtestMae = fitted.mae;
  seg.version++;
  seg.liveMae = 0;
  seg.liveN = 0;
  seg.sinceTrain = 0;
}
