import { robustSigma } from '../../models/math/stats.js';
import { observeOne, predictOne, trainOneStep, type SeriesModel } from './oneStepModel.js';
import { RESIDUALS } from './residualScale.js';
import { seasonalCandidates } from './seasonalPeriod.js';
import { hampel, resolution } from './trainingClean.js';

/** A fitted series model with its held-out one-step errors. */
export interface FittedSeries {
  model: SeriesModel;
  /** Robust scale of the held-out errors. */
  sigma: number;
  mae: number;
  /** The held-out errors, newest last (absent from models fitted by older code). */
  residuals?: number[];
  /** Values it was fitted on. */
  trainedOn?: number;
  /** The data's resolution: the smallest step between distinct training values. */
  quantum?: number;
}

/**
 * A model for `values`: outliers are first replaced (Hampel filter), then the automatic ETS is
 * fitted on the first two thirds, with no season and with the seasonal period the data suggests
 * (`period` when the grain gives one), and each is stepped one value at a time through the last
 * third. The one that errs less there wins; its held-out errors are the series' first residuals.
 *
 * `keepLast` newest values are spared the filter (a refit passes 1 when the live detector has just
 * scored its newest value as ordinary): the filter sees only the left neighbours of the newest
 * value, so the first point of a rise (a seasonal peak coming) looks like a spike to it, and the
 * refitted model started from the level before the rise — a series' January peak alerted as news
 * the moment its history doubled.
 */
export function fitHeldOut(values: readonly number[], period: number, keepLast = 0): FittedSeries {
  const clean = hampel(values, keepLast);
  const cut = Math.max(6, Math.floor(clean.length * (2 / 3)));
  let best: { model: SeriesModel; errors: number[]; mae: number } | null = null;
  for (const p of [1, ...seasonalCandidates(clean, period)]) {
    const model = trainOneStep(clean.slice(0, cut), p);
    const errors: number[] = [];
    for (const y of clean.slice(cut)) {
      const e = y - predictOne(model);
      if (Number.isFinite(e)) errors.push(e);
      observeOne(model, y);
    }
    const mae = errors.length ? errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length : Math.sqrt(model.sigma2);
    if (!best || mae < best.mae) best = { model, errors, mae };
  }
  const { model, errors, mae } = best!;
  const sigma = errors.length >= 3 ? robustSigma(errors) : Math.sqrt(model.sigma2);
  const floor = 1e-6 * Math.max(1, Math.abs(predictOne(model)));
  return { model, sigma: Math.max(sigma, floor), mae: Number.isFinite(mae) ? mae : sigma, residuals: errors.slice(-RESIDUALS), trainedOn: values.length, quantum: resolution(values) };
}
