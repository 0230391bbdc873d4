/**
 * The ETS likelihood as the optimiser sees it: the same recursions as etsFilter (etsModel.ts), but
 * allocation-free and branch-light, because auto-ETS evaluates it thousands of times per series.
 * Everything the loop needs is a number or a Float64Array; the model kind is a small integer code.
 */

/** Season codes of the hot loop. */
export const SEASON_NONE = 0;
export const SEASON_ADD = 1;
export const SEASON_MULT = 2;

const TOL = 1e-10;
// The running product of one-step forecasts is folded into the log sum before it leaves this range.
const PROD_HI = 1e250;
const PROD_LO = 1e-250;

/**
 * -2 log-likelihood up to constants (n log SSE + 2 sum log|yhat| for multiplicative error) of one
 * ETS model from its initial states; Infinity as soon as a forecast becomes unusable. `ring` is a
 * work buffer of at least m values; `seasonInit` is not modified.
 */
export function etsLikelihood(
  y: Float64Array,
  multErr: boolean,
  hasTrend: boolean,
  season: number,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  level: number,
  trend: number,
  seasonInit: Float64Array,
  m: number,
  ring: Float64Array,
): number {
  if (season === SEASON_NONE) return nonSeasonal(y, multErr, hasTrend, alpha, beta, phi, level, trend);
  for (let j = 0; j < m; j++) ring[j] = seasonInit[j]!;
  if (season === SEASON_ADD && !multErr) return additiveSeasonAdditiveError(y, hasTrend, alpha, beta, gamma, phi, level, trend, m, ring);
  return season === SEASON_ADD
    ? additiveSeason(y, multErr, hasTrend, alpha, beta, gamma, phi, level, trend, m, ring)
    : multiplicativeSeason(y, multErr, hasTrend, alpha, beta, gamma, phi, level, trend, m, ring);
}

// One loop per season kind keeps each loop monomorphic and its body short.
function nonSeasonal(y: Float64Array, multErr: boolean, hasTrend: boolean, alpha: number, beta: number, phi: number, level: number, trend: number): number {
  const n = y.length;
  const bOverA = hasTrend ? beta / alpha : 0;
  let l = level;
  let b = hasTrend ? trend : 0;
  let sse = 0;
  let logSum = 0;
  let prod = 1;
  for (let t = 0; t < n; t++) {
    const phib = phi * b;
    const q = l + phib;
    const yt = y[t]!;
    let e: number;
    if (multErr) {
      if (!(q > TOL) || q === Infinity) return Infinity;
      e = (yt - q) / q;
      const p = prod * q;
      if (p > PROD_HI || p < PROD_LO) {
        logSum += Math.log(prod) + Math.log(q);
        prod = 1;
      } else prod = p;
    } else e = yt - q;
    sse += e * e;
    const nl = q + alpha * (yt - q);
    if (hasTrend) b = phib + bOverA * (nl - l - phib);
    l = nl;
  }
  return finish(n, sse, logSum + Math.log(prod));
}

function additiveSeason(
  y: Float64Array, multErr: boolean, hasTrend: boolean, alpha: number, beta: number, gamma: number, phi: number,
  level: number, trend: number, m: number, s: Float64Array,
): number {
  const n = y.length;
  const bOverA = hasTrend ? beta / alpha : 0;
  let l = level;
  let b = hasTrend ? trend : 0;
  let sse = 0;
  let logSum = 0;
  let prod = 1;
  let j = 0;
  for (let t = 0; t < n; t++) {
    const phib = phi * b;
    const q = l + phib;
    const st = s[j]!;
    const yhat = q + st;
    const yt = y[t]!;
    let e: number;
    if (multErr) {
      if (!(yhat > TOL) || yhat === Infinity) return Infinity;
      e = (yt - yhat) / yhat;
      const p = prod * yhat;
      if (p > PROD_HI || p < PROD_LO) {
        logSum += Math.log(prod) + Math.log(yhat);
        prod = 1;
      } else prod = p;
    } else e = yt - yhat;
    sse += e * e;
    const nl = q + alpha * (yt - st - q);
    if (hasTrend) b = phib + bOverA * (nl - l - phib);
    s[j] = st + gamma * (yt - q - st);
    l = nl;
    if (++j === m) j = 0;
  }
  return finish(n, sse, logSum + Math.log(prod));
}

// ETS(A,*,A), the most common choice, without the error-type branch in its loop.
function additiveSeasonAdditiveError(
  y: Float64Array, hasTrend: boolean, alpha: number, beta: number, gamma: number, phi: number,
  level: number, trend: number, m: number, s: Float64Array,
): number {
  const n = y.length;
  const bOverA = hasTrend ? beta / alpha : 0;
  let l = level;
  let b = hasTrend ? trend : 0;
  let sse = 0;
  let j = 0;
  for (let t = 0; t < n; t++) {
    const phib = phi * b;
    const q = l + phib;
    const st = s[j]!;
    const yt = y[t]!;
    const e = yt - q - st;
    sse += e * e;
    const nl = q + alpha * e;
    b = phib + bOverA * (nl - l - phib);
    s[j] = st + gamma * e;
    l = nl;
    if (++j === m) j = 0;
  }
  return finish(n, sse, 0);
}

function multiplicativeSeason(
  y: Float64Array, multErr: boolean, hasTrend: boolean, alpha: number, beta: number, gamma: number, phi: number,
  level: number, trend: number, m: number, s: Float64Array,
): number {
  const n = y.length;
  const bOverA = hasTrend ? beta / alpha : 0;
  let l = level;
  let b = hasTrend ? trend : 0;
  let sse = 0;
  let logSum = 0;
  let prod = 1;
  let j = 0;
  for (let t = 0; t < n; t++) {
    const phib = phi * b;
    const q = l + phib;
    const st = s[j]!;
    const yhat = q * st;
    if (!(yhat > TOL) || yhat === Infinity) return Infinity;
    const yt = y[t]!;
    let e: number;
    if (multErr) {
      e = (yt - yhat) / yhat;
      const p = prod * yhat;
      if (p > PROD_HI || p < PROD_LO) {
        logSum += Math.log(prod) + Math.log(yhat);
        prod = 1;
      } else prod = p;
    } else e = yt - yhat;
    sse += e * e;
    const nl = q + alpha * (yt / st - q);
    if (hasTrend) b = phib + bOverA * (nl - l - phib);
    s[j] = st + gamma * (yt / q - st);
    l = nl;
    if (++j === m) j = 0;
  }
  return finish(n, sse, logSum + Math.log(prod));
}

// Additive models need no per-step check: a forecast that overflows makes sse Infinity or NaN, caught here.
function finish(n: number, sse: number, logSum: number): number {
  const lik = n * Math.log(sse > 0 ? sse : 1e-300) + 2 * logSum;
  return Number.isFinite(lik) ? lik : Infinity;
}
