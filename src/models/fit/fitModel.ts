import { AppError, ErrorCode, badInput } from '../../shared/errors.js';
import { detectAnomalies, type AnomalyResult } from '../anomalies/detectAnomalies.js';
import { backtest, type Forecaster } from '../backtest.js';
import { autoEts } from '../forecast/autoEts.js';
import { countParams, fitEts } from '../forecast/etsFit.js';
import { etsPointForecast, type EtsSpec } from '../forecast/etsModel.js';
import { detectChangePoints, type ChangePointResult } from '../changepoints/detectChangePoints.js';
import { requireFiniteOrNull, requirePoints } from '../guards.js';
import { NOT_ENOUGH } from '../minimums.js';
import { detectSeasonality, type PeriodEvidence } from '../seasonality/detectSeasonality.js';
import type { SeasonalFormResult } from '../seasonality/seasonalForm.js';
import { denseValues } from '../series/gaps.js';
import { dateAt, type RegularSeries } from '../series/regularSeries.js';
import { analyseTrend, type TrendAnalysis } from '../trend/analyseTrend.js';
import { trainForecast, type ForecastState } from './forecastState.js';
import { hardToForecast } from './hardToForecast.js';

/**
 * One entry point for training any model kind on one regular series, in a storable (JSON) form.
 * Pure: used in-thread for one series and inside the fit worker for batches.
 */

export const MODEL_KINDS = ['trend', 'seasonality', 'changepoints', 'anomalies', 'forecast'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Options that change what a model is (part of the registry key). */
export interface FitParams {
  /** Forecast: the horizon the backtest is sized for (default one season, or 12 periods). */
  horizon?: number;
  anomalyMethod?: 'robust-z' | 'seasonal-esd';
  changeModel?: 'mean' | 'slope';
  /** Change points: remove a detected seasonal cycle first (default true). */
  deseasonalize?: boolean;
}

export interface SeasonalityState {
  period: number | null;
  strength: number;
  candidates: PeriodEvidence[];
  skipped: { period: number; need: number }[];
  note: string | null;
  /** Additive or multiplicative, with why (absent in models stored before it was computed). */
  form?: SeasonalFormResult | null;
  decomposition: { offset: number; trend: number[]; seasonal: number[]; remainder: number[]; trendStrength: number } | null;
}

export interface BacktestMetrics {
  smape: number;
  mase: number;
  naiveSmape: number;
  naiveMase: number;
  /** 1 - MASE / naive MASE: above 0 beats seasonal naive. */
  skill: number;
  horizon: number;
  folds: number;
}

export type ModelState =
  | { kind: 'trend'; trend: TrendAnalysis }
  | { kind: 'seasonality'; seasonality: SeasonalityState }
  | { kind: 'changepoints'; changePoints: ChangePointResult; period: number | null }
  | { kind: 'anomalies'; anomalies: AnomalyResult }
  | { kind: 'forecast'; forecast: ForecastState; offset: number };

export interface FittedModel {
  kind: ModelKind;
  selection: string;
  state: ModelState;
  metrics: BacktestMetrics | null;
  notes: string[];
  /** Non-null periods the model saw. */
  pointsUsed: number;
  /** First and last periods with a value. */
  dataFrom: string | null;
  dataTo: string | null;
}

/** The detected seasonal period, or null when there is none or too little data to tell. */
export function seasonalPeriod(series: RegularSeries): number | null {
  try {
    return detectSeasonality(series, { outer: 5 }).period;
  } catch (e) {
    if (e instanceof AppError && e.code === ErrorCode.NOT_ENOUGH_DATA) return null;
    throw e;
  }
}

/**
 * Forecaster for the backtest folds: the selected ETS model refitted on each fold's training data.
 * Re-running the whole automatic selection per fold costs 10-15 fits instead of one (about a
 * second per short seasonal series), so the folds evaluate the selected model, not the selection.
 */
export function selectedModelForecaster(spec: EtsSpec): Forecaster {
  return (train, period, horizon) => {
    const m = spec.season === 'N' ? 1 : period;
    const fit = train.length > countParams(spec, m) + 4 ? fitEts(train, spec, m) : null;
    if (!fit) return autoEts(train, period, horizon).points.map((p) => p.mean);
    return etsPointForecast(spec, fit.params, fit.final, m, train.length, horizon);
  };
}

/** Rolling-origin backtest sized to the series: up to 3 folds of up to one season; null when too short. */
export function backtestMetrics(values: readonly number[], period: number, horizon: number, forecaster?: Forecaster): BacktestMetrics | null {
  const n = values.length;
  const minTrain = Math.max(2 * period, 8);
  const want = Math.max(1, Math.min(horizon, period > 1 ? period : 12));
  for (const folds of [3, 2, 1]) {
    const h = Math.min(want, Math.floor((n - minTrain) / folds));
    if (h < 1) continue;
    const r = backtest(values, period, { horizon: h, folds, forecaster });
    return { smape: r.smape, mase: r.mase, naiveSmape: r.naiveSmape, naiveMase: r.naiveMase, skill: r.skill, horizon: h, folds };
  }
  return null;
}

function span(series: RegularSeries): { from: string | null; to: string | null; present: number } {
  let a = -1;
  let b = -1;
  let present = 0;
  series.values.forEach((v, i) => {
    if (v === null) return;
    present++;
    if (a < 0) a = i;
    b = i;
  });
  return { from: a < 0 ? null : dateAt(series, a), to: b < 0 ? null : dateAt(series, b), present };
}

/** Trains one model of `kind` on a series; throws NOT_ENOUGH_DATA / BAD_INPUT with a clear message. */
export function fitModel(kind: ModelKind, series: RegularSeries, params: FitParams = {}): FittedModel {
  const s = span(series);
  const base = { kind, pointsUsed: s.present, dataFrom: s.from, dataTo: s.to };
  const notes: string[] = [];
  switch (kind) {
    case 'trend': {
      const trend = analyseTrend(series);
      return { ...base, selection: "Mann-Kendall (Hamed-Rao) with Sen's slope; OLS", state: { kind, trend }, metrics: null, notes };
    }
    case 'seasonality': {
      const r = detectSeasonality(series);
      const d = r.decomposition;
      const seasonality: SeasonalityState = {
        period: r.period,
        strength: r.strength,
        candidates: r.candidates,
        skipped: r.skipped,
        note: r.note,
        form: r.form,
        decomposition: d ? { offset: d.offset, trend: d.trend, seasonal: d.seasonal, remainder: d.remainder, trendStrength: d.trendStrength } : null,
      };
      if (r.note) notes.push(r.note);
      return { ...base, selection: r.period ? `robust STL, period ${r.period}${r.form ? `, ${r.form.form}` : ''}` : 'no seasonal period', state: { kind, seasonality }, metrics: null, notes };
    }
    case 'changepoints': {
      const model = params.changeModel ?? 'mean';
      // A seasonal cycle would otherwise be cut into many "changes".
      const period = params.deseasonalize === false ? null : seasonalPeriod(series);
      const changePoints = detectChangePoints(series, { model, ...(period ? { period } : {}) });
      const selection = `PELT on ${model === 'mean' ? 'level' : 'slope'}, MBIC penalty${period ? `, deseasonalized (period ${period})` : ''}`;
      return { ...base, selection, state: { kind, changePoints, period }, metrics: null, notes };
    }
    case 'anomalies': {
      const method = params.anomalyMethod ?? 'robust-z';
      const anomalies = detectAnomalies(series, { method });
      const selection = `${method === 'robust-z' ? 'robust z-score' : 'seasonal hybrid ESD'} on the ${anomalies.period ? `STL (period ${anomalies.period})` : 'running-median'} remainder`;
      return { ...base, selection, state: { kind, anomalies }, metrics: null, notes };
    }
    case 'forecast': {
      const present = requireFiniteOrNull(series.values, 'forecast');
      requirePoints(present, NOT_ENOUGH.forecast, 'forecast');
      const dense = denseValues(series.values);
      const interpolated = dense.values.length - present;
      if (interpolated > 0) notes.push(`${interpolated} interior gap${interpolated === 1 ? '' : 's'} interpolated linearly before fitting`);
      const period = seasonalPeriod(series) ?? 1;
      const horizon = params.horizon ?? (period > 1 ? period : 12);
      if (!Number.isInteger(horizon) || horizon < 1) throw badInput(`horizon must be a whole number of periods, at least 1; got ${String(horizon)}`);
      const { state } = trainForecast(dense.values, period, Math.min(horizon, 1000));
      notes.push(...state.notes);
      let metrics: BacktestMetrics | null = null;
      try {
        const forecaster = state.method === 'ets' && state.spec ? selectedModelForecaster(state.spec) : undefined;
        metrics = backtestMetrics(dense.values, state.period, horizon, forecaster);
        if (!metrics) notes.push(`${dense.values.length} points are too few for a backtest`);
        const hard = hardToForecast(dense.values, state, metrics, (f) => backtestMetrics(dense.values, state.period, horizon, f));
        if (hard) {
          notes.push(hard.note);
          state.benchmark = hard.benchmark;
        }
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        notes.push(`backtest skipped: ${e.message}`);
      }
      return { ...base, selection: state.model, state: { kind, forecast: state, offset: dense.offset }, metrics, notes };
    }
    default: {
      const never: never = kind;
      throw badInput(`unknown model kind '${String(never)}' (use one of ${MODEL_KINDS.join(', ')})`);
    }
  }
}
