import { badInput } from '../shared/errors.js';
import { requireFinite, requirePoints } from './guards.js';
import { autoEts } from './forecast/autoEts.js';
import { seasonalNaive } from './forecast/seasonalNaive.js';

/** Forecast function under test: training values -> `horizon` point forecasts. */
export type Forecaster = (train: number[], period: number, horizon: number) => number[];

export interface BacktestFold {
  /** Training length (the forecast origin). */
  origin: number;
  smape: number;
  mase: number;
  naiveSmape: number;
  naiveMase: number;
}

export interface BacktestResult {
  folds: BacktestFold[];
  horizon: number;
  /** Means over folds. */
  smape: number;
  mase: number;
  naiveSmape: number;
  naiveMase: number;
  /** 1 - MASE / naive MASE: > 0 means the model beats seasonal naive. */
  skill: number;
}

/** Symmetric MAPE in percent (0-200); pairs with |actual| + |forecast| = 0 count as 0 error. */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]!) + Math.abs(forecast[i]!);
    s += d > 0 ? (200 * Math.abs(actual[i]! - forecast[i]!)) / d : 0;
  }
  return s / actual.length;
}

/** MASE: mean absolute error over the in-sample mean absolute seasonal difference of the training data. */
export function mase(actual: readonly number[], forecast: readonly number[], train: readonly number[], period: number): number {
  const m = period >= 2 && train.length > period ? period : 1;
  let scale = 0;
  for (let t = m; t < train.length; t++) scale += Math.abs(train[t]! - train[t - m]!);
  scale /= Math.max(1, train.length - m);
  let mae = 0;
  for (let i = 0; i < actual.length; i++) mae += Math.abs(actual[i]! - forecast[i]!);
  mae /= actual.length;
  // A flat training set has no scale: report the raw error so the number stays finite.
  return scale > 0 ? mae / scale : mae;
}

const defaultForecaster: Forecaster = (train, period, horizon) => autoEts(train, period, horizon).points.map((p) => p.mean);

/** Rolling-origin evaluation: `folds` origins stepping by `step`, each forecasting `horizon` ahead, beside seasonal naive. */
export function backtest(values: readonly number[], period: number, opts: { horizon: number; folds?: number; step?: number; forecaster?: Forecaster }): BacktestResult {
  requireFinite(values, 'backtest');
  const horizon = opts.horizon;
  if (!Number.isInteger(horizon) || horizon < 1) throw badInput(`backtest horizon must be a whole number >= 1, got ${String(horizon)}`);
  const folds = opts.folds ?? 3;
  const step = opts.step ?? horizon;
  if (!Number.isInteger(folds) || folds < 1 || !Number.isInteger(step) || step < 1) throw badInput('folds and step must be whole numbers >= 1');
  const minTrain = Math.max(2 * period, 8);
  requirePoints(values.length, minTrain + horizon + (folds - 1) * step, 'backtest');
  const forecaster = opts.forecaster ?? defaultForecaster;
  const out: BacktestFold[] = [];
  for (let k = folds - 1; k >= 0; k--) {
    const origin = values.length - horizon - k * step;
    const train = values.slice(0, origin);
    const actual = values.slice(origin, origin + horizon);
    const f = forecaster(train, period, horizon);
    const naive = seasonalNaive(train, period, horizon).mean;
    out.push({ origin, smape: smape(actual, f), mase: mase(actual, f, train, period), naiveSmape: smape(actual, naive), naiveMase: mase(actual, naive, train, period) });
  }
  const avg = (key: keyof BacktestFold): number => out.reduce((s, f) => s + f[key], 0) / out.length;
  const m = avg('mase');
  const nm = avg('naiveMase');
  return { folds: out, horizon, smape: avg('smape'), mase: m, naiveSmape: avg('naiveSmape'), naiveMase: nm, skill: nm > 0 ? 1 - m / nm : 0 };
}
