/**
 * The ETS state space models of Hyndman et al. (2008) in error-correction form, as computed by R's
 * forecast package (etscalc.c): error A or M, trend N, A or damped A, season N, A or M.
 * Multiplicative trend is left out, as R's ets does by default.
 */
export type ErrorType = 'A' | 'M';
export type TrendType = 'N' | 'A' | 'Ad';
export type SeasonType = 'N' | 'A' | 'M';

export interface EtsSpec {
  error: ErrorType;
  trend: TrendType;
  season: SeasonType;
}

export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** Initial states: level, trend, and the seasonal states by position in the first cycle (seasonal[j] applies to t = j). */
export interface EtsState {
  level: number;
  trend: number;
  /** Ring of m seasonal states; ring[(t) mod m] is the state used at time t. */
  seasonal: Float64Array;
}

/** "ETS(A,Ad,M)" label. */
export function specLabel(s: EtsSpec): string {
  return `ETS(${s.error},${s.trend},${s.season})`;
}

export interface FilterResult {
  /** n log(SSE) (+ 2 sum log|yhat| for multiplicative error): -2 log-likelihood up to constants. */
  lik: number;
  /** One-step errors: additive (y - yhat) or relative ((y - yhat) / yhat). */
  residuals: Float64Array;
  fitted: Float64Array;
  /** State after the last observation (its ring indexed by absolute time mod m). */
  state: EtsState;
}

const TOL = 1e-10;

/** Runs the model over y from the initial state; returns lik = Infinity when a forecast becomes unusable. */
export function etsFilter(y: ArrayLike<number>, spec: EtsSpec, p: EtsParams, init: EtsState, m: number, keep = false): FilterResult {
  const n = y.length;
  const hasTrend = spec.trend !== 'N';
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  const alpha = p.alpha;
  const betaOverAlpha = hasTrend ? p.beta / p.alpha : 0;
  const gamma = p.gamma;
  // Numeric codes keep the hot loop free of string compares: 0 none, 1 additive, 2 multiplicative.
  const season = spec.season === 'N' ? 0 : spec.season === 'A' ? 1 : 2;
  const multErr = spec.error === 'M';
  const guardPositive = multErr || season === 2;
  let l = init.level;
  let b = hasTrend ? init.trend : 0;
  const s = Float64Array.from(init.seasonal);
  const residuals = keep ? new Float64Array(n) : new Float64Array(0);
  const fitted = keep ? new Float64Array(n) : new Float64Array(0);
  let sse = 0;
  let logSum = 0;
  let j = 0;
  for (let t = 0; t < n; t++) {
    const phib = phi * b;
    const q = l + phib;
    const st = season === 0 ? 0 : s[j]!;
    const yhat = season === 1 ? q + st : season === 2 ? q * st : q;
    if (guardPositive ? !(yhat > TOL) || yhat === Infinity : !Number.isFinite(yhat)) {
      return { lik: Infinity, residuals, fitted, state: { level: l, trend: b, seasonal: s } };
    }
    const yt = y[t]!;
    const e = multErr ? (yt - yhat) / yhat : yt - yhat;
    sse += e * e;
    if (multErr) logSum += Math.log(yhat);
    if (keep) {
      residuals[t] = e;
      fitted[t] = yhat;
    }
    // Same updates for both error types in this (Hyndman's) parameterisation.
    const pt = season === 1 ? yt - st : season === 2 ? yt / st : yt;
    const nl = q + alpha * (pt - q);
    if (hasTrend) b = phib + betaOverAlpha * (nl - l - phib);
    if (season === 1) s[j] = st + gamma * (yt - q - st);
    else if (season === 2) s[j] = st + gamma * (yt / q - st);
    l = nl;
    if (++j === m) j = 0;
  }
  const lik = n * Math.log(sse > 0 ? sse : 1e-300) + 2 * logSum;
  return { lik, residuals, fitted, state: { level: l, trend: b, seasonal: s } };
}

/** Point forecasts for h = 1..horizon from a state reached after `n` observations. */
export function etsPointForecast(spec: EtsSpec, p: EtsParams, state: EtsState, m: number, n: number, horizon: number): number[] {
  const out = new Array<number>(horizon);
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  let phiSum = 0;
  let phiPow = 1;
  for (let h = 1; h <= horizon; h++) {
    phiPow *= phi;
    phiSum += phiPow;
    const q = spec.trend === 'N' ? state.level : state.level + phiSum * state.trend;
    const st = spec.season === 'N' ? 0 : state.seasonal[(n + h - 1) % m]!;
    out[h - 1] = spec.season === 'A' ? q + st : spec.season === 'M' ? q * st : q;
  }
  return out;
}
