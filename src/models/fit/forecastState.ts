import { AppError, ErrorCode, badInput } from '../../shared/errors.js';
import { MAX_HORIZON, autoEts, type ForecastPoint, type ForecastResult } from '../forecast/autoEts.js';
import { fitEts } from '../forecast/etsFit.js';
import type { EtsParams, EtsSpec } from '../forecast/etsModel.js';
import { forecastWithBands, normalBands } from '../forecast/intervals.js';
import { stl } from '../seasonality/stl.js';
import { driftForecast } from '../forecast/drift.js';
import type { ForecastBenchmark } from './hardToForecast.js';

/**
 * A forecast model in a storable form: what autoEts selected plus the state it ended in, so a
 * stored model forecasts any horizon later without refitting. autoEts returns the selection but
 * not the final state, so the selected model is fitted once more here (fitEts is deterministic:
 * the refit equals the fit autoEts chose).
 */
export interface ForecastState {
  method: ForecastResult['method'];
  /** "ETS(A,Ad,N)", "STL + ETS(A,N,N)", "seasonal naive (m = 12)". */
  model: string;
  spec: EtsSpec | null;
  /** Seasonal period of the series (for STL + ETS, the STL period; the inner ETS has none). */
  period: number;
  params: EtsParams | null;
  aicc: number | null;
  sigma2: number;
  /** Training length. */
  n: number;
  /** ETS state after the last observation (seasonal ring indexed by absolute time mod m). */
  level: number;
  trend: number;
  seasonal: number[];
  /** STL + ETS: the last cycle of the seasonal component, added back to the forecasts. */
  stlSeasonal: number[] | null;
  /** Seasonal naive: the last cycle of the data. */
  tail: number[] | null;
  candidates: { model: string; aicc: number | null }[];
  notes: string[];
  /** Offered beside a flat forecast that backtests badly (absent in older stored models). */
  benchmark?: ForecastBenchmark | null;
}

/** Checks a horizon the way autoEts does: at least 1, capped at MAX_HORIZON with a note. */
export function checkHorizon(horizon: number, notes: string[]): number {
  if (!Number.isInteger(horizon) || horizon < 1) throw badInput(`horizon must be a whole number of periods, at least 1; got ${String(horizon)}`);
  if (horizon > MAX_HORIZON) {
    notes.push(`horizon capped at ${MAX_HORIZON} periods (asked ${horizon})`);
    return MAX_HORIZON;
  }
  return horizon;
}

const finiteOrNull = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);

/** Fits autoEts on dense values and returns its storable state (and the forecast it made). */
export function trainForecast(values: readonly number[], period: number, horizon: number): { state: ForecastState; result: ForecastResult } {
  const result = autoEts(values, period, horizon);
  const y = values.slice();
  const n = y.length;
  const base = {
    model: result.model,
    spec: result.spec,
    aicc: finiteOrNull(result.aicc),
    sigma2: result.sigma2,
    n,
    candidates: result.candidates.map((c) => ({ model: c.model, aicc: finiteOrNull(c.aicc) })),
    notes: result.notes,
  };
  if (result.method === 'seasonal-naive' || !result.spec) {
    const p = result.period >= 2 && n > result.period ? result.period : 1;
    return { state: { ...base, method: 'seasonal-naive', period: p, params: null, level: 0, trend: 0, seasonal: [], stlSeasonal: null, tail: y.slice(n - p) }, result };
  }
  if (result.method === 'ets') {
    const fit = fitEts(y, result.spec, result.period);
    if (!fit) throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, `refitting ${result.model} failed`);
    const st = fit.final;
    return {
      state: { ...base, method: 'ets', period: result.period, params: fit.params, level: st.level, trend: st.trend, seasonal: Array.from(st.seasonal), stlSeasonal: null, tail: null },
      result,
    };
  }
  // STL + ETS: the same decomposition autoEts made, then the inner (non-seasonal) model's state.
  const dec = stl(y, result.period, { robust: true });
  const adjusted = y.map((v, i) => v - dec.seasonal[i]!);
  const fit = fitEts(adjusted, result.spec, 1);
  if (!fit) throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, `refitting ${result.model} failed`);
  return {
    state: {
      ...base,
      method: 'stl-ets',
      period: result.period,
      params: fit.params,
      level: fit.final.level,
      trend: fit.final.trend,
      seasonal: Array.from(fit.final.seasonal),
      stlSeasonal: dec.seasonal.slice(n - result.period),
      tail: null,
    },
    result,
  };
}

/** Forecasts `horizon` steps from a stored state, with 80% and 95% intervals. */
export function forecastFromState(state: ForecastState, horizon: number): { points: ForecastPoint[]; notes: string[]; benchmark: { method: 'drift'; mase: number | null; points: ForecastPoint[] } | null } {
  const notes: string[] = [];
  const h = checkHorizon(horizon, notes);
  let mean: number[];
  let bands: ReturnType<typeof normalBands>;
  if (state.method === 'seasonal-naive') {
    const tail = state.tail ?? [];
    const p = Math.max(1, tail.length);
    mean = Array.from({ length: h }, (_, i) => tail[i % p]!);
    bands = normalBands(
      mean,
      mean.map((_, i) => state.sigma2 * (Math.floor(i / p) + 1)),
    );
  } else {
    const m = state.method === 'ets' ? state.period : 1;
    const ets = forecastWithBands(state.spec!, state.params!, { level: state.level, trend: state.trend, seasonal: Float64Array.from(state.seasonal) }, m, state.n, state.sigma2, h);
    mean = ets.mean;
    bands = ets.bands;
    if (state.method === 'stl-ets') {
      const s = state.stlSeasonal ?? [];
      mean = mean.map((v, i) => v + s[i % s.length]!);
      bands = bands.map((b, i) => {
        const k = s[i % s.length]!;
        return { lo80: b.lo80 + k, hi80: b.hi80 + k, lo95: b.lo95 + k, hi95: b.hi95 + k };
      });
    }
  }
  const points = mean.map((v, i) => ({ h: i + 1, mean: v, ...bands[i]! }));
  if (!points.every((p) => Number.isFinite(p.mean) && Number.isFinite(p.lo95) && Number.isFinite(p.hi95))) {
    throw new AppError(ErrorCode.NOT_ENOUGH_DATA, `the stored ${state.model} model gives non-finite forecasts at this horizon; try a shorter horizon`);
  }
  const b = state.benchmark;
  const drift = b ? driftForecast(b.model, h) : null;
  const benchmark = b && drift ? { method: b.method, mase: b.mase, points: drift.mean.map((v, i) => ({ h: i + 1, mean: v, ...drift.bands[i]! })) } : null;
  return { points, notes, benchmark };
}
