import { normalBands, type Band } from './intervals.js';

/** A random walk with drift (R's rwf(drift = TRUE)): the last value plus the average step so far. */
export interface DriftModel {
  last: number;
  /** Average change per period, (y_n - y_1) / (n - 1). */
  slope: number;
  /** Variance of the one-step changes around the slope. */
  sigma2: number;
  n: number;
}

/** Fits the drift benchmark; null below 3 points (no variance of the steps). */
export function fitDrift(values: readonly number[]): DriftModel | null {
  const n = values.length;
  if (n < 3) return null;
  const slope = (values[n - 1]! - values[0]!) / (n - 1);
  let ss = 0;
  for (let i = 1; i < n; i++) ss += (values[i]! - values[i - 1]! - slope) ** 2;
  return { last: values[n - 1]!, slope, sigma2: ss / (n - 2), n };
}

/** Point forecasts and 80/95% bands of a drift model; the variance adds the slope's own uncertainty (as R). */
export function driftForecast(d: DriftModel, horizon: number): { mean: number[]; bands: Band[] } {
  const mean = Array.from({ length: horizon }, (_, i) => d.last + (i + 1) * d.slope);
  const variances = mean.map((_, i) => d.sigma2 * (i + 1) * (1 + (i + 1) / (d.n - 1)));
  return { mean, bands: normalBands(mean, variances) };
}

/** Backtest point forecaster for the drift benchmark (same signature as backtest's Forecaster). */
export const driftForecaster = (train: number[], _period: number, horizon: number): number[] => {
  const d = fitDrift(train);
  return d ? driftForecast(d, horizon).mean : new Array<number>(horizon).fill(train[train.length - 1] ?? 0);
};
