import { badInput } from '../../shared/errors.js';
import { requireFinite, requirePoints } from '../guards.js';
import { NOT_ENOUGH } from '../minimums.js';
import { stl } from '../seasonality/stl.js';
import { countParams, startEtsFit, type EtsFit, type EtsFitRun } from './etsFit.js';
import { specLabel, type EtsSpec } from './etsModel.js';
import { forecastWithBands, type Band } from './intervals.js';
import { seasonalNaive } from './seasonalNaive.js';

/** Longest horizon served; longer requests are capped and the cap is said in `notes`. */
export const MAX_HORIZON = 1000;
/** Largest period a seasonal ETS model takes (as R's ets); longer seasons go through STL + ETS. */
export const MAX_ETS_PERIOD = 24;

export interface ForecastPoint extends Band {
  /** Steps ahead, 1-based. */
  h: number;
  mean: number;
}

export interface ForecastResult {
  method: 'ets' | 'stl-ets' | 'seasonal-naive';
  /** "ETS(M,Ad,M)", "STL + ETS(A,N,N)", "seasonal naive (m = 12)". */
  model: string;
  spec: EtsSpec | null;
  period: number;
  params: { alpha: number; beta: number | null; gamma: number | null; phi: number | null } | null;
  aicc: number | null;
  sigma2: number;
  points: ForecastPoint[];
  /** Every model tried with its AICc (Infinity when it could not be fitted). */
  candidates: Candidate[];
  notes: string[];
}

/** One model of the search and its AICc; `screened` when it was rejected after a short fit (its AICc is then an upper bound). */
export interface Candidate {
  model: string;
  aicc: number;
  screened?: true;
}

export interface AutoEtsOptions {
  /** Fit every candidate to convergence, as R's ets does (default false: hopeless candidates are dropped after a short fit). */
  fullSearch?: boolean;
  /** Restrict the search (e.g. only additive). */
  models?: EtsSpec[];
  /** Allow multiplicative error/season (default: when every value is > 0). */
  multiplicative?: boolean;
  optimizeSeasonalStates?: boolean;
}

/** The candidate models R's ets(y) tries (no multiplicative trend, no additive error with multiplicative season). */
export function candidateSpecs(seasonal: boolean, multiplicative: boolean): EtsSpec[] {
  const out: EtsSpec[] = [];
  for (const error of multiplicative ? (['A', 'M'] as const) : (['A'] as const)) {
    for (const trend of ['N', 'A', 'Ad'] as const) {
      for (const season of seasonal ? (multiplicative ? (['N', 'A', 'M'] as const) : (['N', 'A'] as const)) : (['N'] as const)) {
        if (error === 'A' && season === 'M') continue;
        out.push({ error, trend, season });
      }
    }
  }
  return out;
}

function checkHorizon(horizon: number, notes: string[]): number {
  if (!Number.isInteger(horizon) || horizon < 1) throw badInput(`horizon must be a whole number of periods, at least 1; got ${String(horizon)}`);
  if (horizon > MAX_HORIZON) {
    notes.push(`horizon capped at ${MAX_HORIZON} periods (asked ${horizon})`);
    return MAX_HORIZON;
  }
  return horizon;
}

// Share of a candidate's optimiser budget spent before it may be rejected.
const SCREEN_SHARE = 0.15;

/**
 * Fits the candidates, best-looking first. Each is first optimised briefly; its AICc then bounds the
 * fitted one from above, and a candidate whose bound is worse than the best fitted AICc by more than
 * n log 2 (one-step errors twice as large in variance) is dropped without finishing. On the series
 * measured the short fits were never that far above their optimum for a model that went on to win.
 */
function searchModels(y: number[], specs: EtsSpec[], m: number, opts: AutoEtsOptions): { candidates: Candidate[]; best: EtsFit | null } {
  const n = y.length;
  const slots: { spec: EtsSpec; run: EtsFitRun | null; screen: number; result: Candidate }[] = specs.map((spec) => {
    // As R: a model needs more than its parameter count + 4 points.
    if (n <= countParams(spec, m) + 4) return { spec, run: null, screen: Infinity, result: { model: specLabel(spec), aicc: Infinity } };
    const run = startEtsFit(y, spec, m, { optimizeSeasonalStates: opts.optimizeSeasonalStates });
    const screen = opts.fullSearch ? 0 : run.advance(Math.ceil(SCREEN_SHARE * run.budget));
    return { spec, run, screen, result: { model: specLabel(spec), aicc: Infinity } };
  });
  const margin = Math.max(10, n * Math.LN2);
  let best: EtsFit | null = null;
  for (const slot of slots.filter((s) => s.run).sort((a, b) => a.screen - b.screen)) {
    if (best && slot.screen > best.aicc + margin) {
      slot.result = { model: slot.result.model, aicc: slot.screen, screened: true };
      continue;
    }
    const fit = slot.run!.complete();
    slot.result.aicc = fit?.aicc ?? Infinity;
    if (fit && Number.isFinite(fit.aicc) && (!best || fit.aicc < best.aicc)) best = fit;
  }
  return { candidates: slots.map((s) => s.result), best };
}

const toPoints = (mean: number[], bands: Band[]): ForecastPoint[] => mean.map((m, i) => ({ h: i + 1, mean: m, ...bands[i]! }));

function naiveResult(y: number[], m: number, horizon: number, notes: string[], candidates: Candidate[]): ForecastResult {
  const sn = seasonalNaive(y, m, horizon);
  return {
    method: 'seasonal-naive',
    model: sn.period > 1 ? `seasonal naive (m = ${sn.period})` : 'naive',
    spec: null,
    period: sn.period,
    params: null,
    aicc: null,
    sigma2: sn.sigma2,
    points: toPoints(sn.mean, sn.bands),
    candidates,
    notes,
  };
}

function finite(points: ForecastPoint[]): boolean {
  return points.every((p) => Number.isFinite(p.mean) && Number.isFinite(p.lo95) && Number.isFinite(p.hi95));
}

/** Fits the ETS family by maximum likelihood, picks the lowest AICc, forecasts `horizon` steps with 80/95% intervals. */
export function autoEts(values: readonly number[], period: number, horizon: number, opts: AutoEtsOptions = {}): ForecastResult {
  requirePoints(values.length, NOT_ENOUGH.forecast, 'forecast');
  requireFinite(values, 'forecast');
  if (!Number.isInteger(period) || period < 1) throw badInput(`period must be a whole number >= 1, got ${String(period)}`);
  const notes: string[] = [];
  const h = checkHorizon(horizon, notes);
  const y = values.slice();
  const n = y.length;
  let min = Infinity;
  let max = -Infinity;
  for (const v of y) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (max === min) {
    notes.push('the series is constant: the forecast repeats it');
    return naiveResult(y, 1, h, notes, []);
  }
  const positive = min > 0;
  if (opts.multiplicative && !positive) notes.push('multiplicative models need every value > 0: only additive models were tried');
  const multiplicative = (opts.multiplicative ?? true) && positive;
  if (period > MAX_ETS_PERIOD && n >= 2 * period) return stlEts(y, period, h, notes, opts);
  let m = period;
  if (m > MAX_ETS_PERIOD) {
    notes.push(`period ${period} needs ${2 * period} points for a seasonal model; forecasting without season`);
    m = 1;
  }
  const seasonal = m >= 2 && n >= 2 * m;
  if (m >= 2 && !seasonal) notes.push(`${n} points are fewer than two seasons of ${m}: seasonal models were not tried`);
  const specs = (opts.models ?? candidateSpecs(seasonal, multiplicative)).filter((s) => (s.season === 'N' || seasonal) && (multiplicative || (s.error === 'A' && s.season !== 'M')));
  const { candidates, best } = searchModels(y, specs, m, opts);
  if (!best) {
    notes.push('no exponential-smoothing model could be fitted: seasonal naive forecast instead');
    return naiveResult(y, m, h, notes, candidates);
  }
  const { mean, bands } = forecastWithBands(best.spec, best.params, best.final, m, n, best.sigma2, h);
  const points = toPoints(mean, bands);
  if (!finite(points)) {
    notes.push(`${specLabel(best.spec)} produced non-finite forecasts: seasonal naive forecast instead`);
    return naiveResult(y, m, h, notes, candidates);
  }
  return {
    method: 'ets',
    model: specLabel(best.spec),
    spec: best.spec,
    period: m,
    params: {
      alpha: best.params.alpha,
      beta: best.spec.trend === 'N' ? null : best.params.beta,
      gamma: best.spec.season === 'N' ? null : best.params.gamma,
      phi: best.spec.trend === 'Ad' ? best.params.phi : null,
    },
    aicc: best.aicc,
    sigma2: best.sigma2,
    points,
    candidates,
    notes,
  };
}

// Long seasons (daily data with a yearly cycle): robust STL, ETS on the seasonally adjusted series, season added back (R's stlf).
function stlEts(y: number[], period: number, h: number, notes: string[], opts: AutoEtsOptions): ForecastResult {
  const fit = stl(y, period, { robust: true });
  const n = y.length;
  const adjusted = y.map((v, i) => v - fit.seasonal[i]!);
  const inner = autoEts(adjusted, 1, h, { ...opts, multiplicative: false });
  const points = inner.points.map((p, i) => {
    const s = fit.seasonal[n - period + (i % period)]!;
    return { ...p, mean: p.mean + s, lo80: p.lo80 + s, hi80: p.hi80 + s, lo95: p.lo95 + s, hi95: p.hi95 + s };
  });
  return { ...inner, method: 'stl-ets', model: `STL + ${inner.model}`, period, points, notes: [...notes, ...inner.notes] };
}
