import type { Forecaster } from '../backtest.js';
import { driftForecaster, fitDrift, type DriftModel } from '../forecast/drift.js';
import type { BacktestMetrics } from './fitModel.js';
import type { ForecastState } from './forecastState.js';

/**
 * Backtest MASE above which a flat forecast is called hard to trust: its errors are five times the
 * typical one-step change of the series (a random walk's own MASE is near 1 at one step).
 */
export const HARD_TO_FORECAST_MASE = 5;

/** The benchmark offered beside a flat forecast that backtests badly. */
export interface ForecastBenchmark {
  method: 'drift';
  model: DriftModel;
  /** Backtest of the benchmark over the same folds (null when it could not be run). */
  mase: number | null;
}

/** True when the forecast is one level repeated: ETS without trend or season, or a plain naive forecast. */
export function isFlatForecast(state: ForecastState): boolean {
  if (state.method === 'ets') return state.spec?.trend === 'N' && state.spec.season === 'N';
  return state.method === 'seasonal-naive' && state.period <= 1;
}

/**
 * For a flat forecast whose backtest MASE is above the threshold: a note saying the series is
 * hard to forecast, and the drift benchmark (with its own backtest MASE) to show beside it.
 */
export function hardToForecast(
  values: readonly number[], state: ForecastState, metrics: BacktestMetrics | null,
  backtestWith: (f: Forecaster) => BacktestMetrics | null,
): { note: string; benchmark: ForecastBenchmark } | null {
  if (!metrics || !(metrics.mase > HARD_TO_FORECAST_MASE) || !isFlatForecast(state)) return null;
  const model = fitDrift(values);
  if (!model) return null;
  const drift = backtestWith(driftForecaster);
  const mase = drift ? drift.mase : null;
  const note =
    `hard to forecast: the flat ${state.model} forecast missed by ${metrics.mase.toFixed(1)}× the series' typical step in backtests (MASE ${metrics.mase.toFixed(2)}, above ${HARD_TO_FORECAST_MASE}); ` +
    `a drift forecast (the average change so far, continued) is given beside it${mase !== null ? ` (backtest MASE ${mase.toFixed(2)})` : ''}`;
  return { note, benchmark: { method: 'drift', model, mase } };
}
