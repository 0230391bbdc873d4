import { mulberry32, normalSource } from '../math/prng.js';
import { normalQuantile } from '../math/special.js';
import { etsPointForecast, type EtsParams, type EtsSpec, type EtsState } from './etsModel.js';

export interface Band {
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

const Z80 = normalQuantile(0.9);
const Z95 = normalQuantile(0.975);

/** True for Hyndman's class 1 (all-additive) models, whose forecast variance has a closed form. */
export function isLinear(spec: EtsSpec): boolean {
  return spec.error === 'A' && spec.season !== 'M';
}

/** Closed-form h-step variances for additive models: sigma2 (1 + sum_{j<h} c_j^2) (Hyndman et al. 2008, table 6.1). */
export function linearVariances(spec: EtsSpec, p: EtsParams, m: number, sigma2: number, horizon: number): number[] {
  const out = new Array<number>(horizon);
  let acc = 0;
  let phiSum = 0;
  let phiPow = 1;
  for (let h = 1; h <= horizon; h++) {
    out[h - 1] = sigma2 * (1 + acc);
    const j = h;
    phiPow *= spec.trend === 'Ad' ? p.phi : 1;
    phiSum += phiPow;
    let c = p.alpha;
    if (spec.trend === 'A') c += p.beta * j;
    else if (spec.trend === 'Ad') c += p.beta * phiSum;
    if (spec.season === 'A' && m > 1 && j % m === 0) c += p.gamma;
    acc += c * c;
  }
  return out;
}

/** Normal bands around point forecasts from variances. */
export function normalBands(mean: number[], variances: number[]): Band[] {
  return mean.map((f, i) => {
    const sd = Math.sqrt(Math.max(0, variances[i]!));
    return { lo80: f - Z80 * sd, hi80: f + Z80 * sd, lo95: f - Z95 * sd, hi95: f + Z95 * sd };
  });
}

function quantileSorted(a: Float64Array, q: number): number {
  const pos = q * (a.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(a.length - 1, lo + 1);
  return a[lo]! + (pos - lo) * (a[hi]! - a[lo]!);
}

/** Simulated bands for multiplicative models: sample paths with N(0, sigma2) innovations, seeded. */
export function simulatedBands(spec: EtsSpec, p: EtsParams, state: EtsState, m: number, n: number, sigma2: number, horizon: number, paths = 2000, seed = 42): Band[] {
  const z = normalSource(mulberry32(seed));
  const sd = Math.sqrt(sigma2);
  const sims = Array.from({ length: horizon }, () => new Float64Array(paths));
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  for (let k = 0; k < paths; k++) {
    let l = state.level;
    let b = spec.trend === 'N' ? 0 : state.trend;
    const s = Float64Array.from(state.seasonal);
    for (let h = 0; h < horizon; h++) {
      const j = m > 1 ? (n + h) % m : 0;
      const phib = phi * b;
      const q = l + phib;
      const st = spec.season === 'N' ? 0 : s[j]!;
      const yhat = spec.season === 'A' ? q + st : spec.season === 'M' ? q * st : q;
      const e = sd * z();
      const y = spec.error === 'M' ? yhat * (1 + e) : yhat + e;
      sims[h]![k] = y;
      const pt = spec.season === 'A' ? y - st : spec.season === 'M' ? y / st : y;
      const nl = q + p.alpha * (pt - q);
      if (spec.trend !== 'N') b = phib + (p.beta / p.alpha) * (nl - l - phib);
      if (spec.season === 'A') s[j] = st + p.gamma * (y - q - st);
      else if (spec.season === 'M' && q !== 0) s[j] = st + p.gamma * (y / q - st);
      l = nl;
    }
  }
  return sims.map((a) => {
    a.sort();
    return { lo80: quantileSorted(a, 0.1), hi80: quantileSorted(a, 0.9), lo95: quantileSorted(a, 0.025), hi95: quantileSorted(a, 0.975) };
  });
}

/** Point forecasts and bands for a fitted model (analytic for class 1, simulated otherwise). */
export function forecastWithBands(spec: EtsSpec, p: EtsParams, state: EtsState, m: number, n: number, sigma2: number, horizon: number): { mean: number[]; bands: Band[] } {
  const mean = etsPointForecast(spec, p, state, m, n, horizon);
  const bands = isLinear(spec) ? normalBands(mean, linearVariances(spec, p, m, sigma2, horizon)) : simulatedBands(spec, p, state, m, n, sigma2, horizon);
  return { mean, bands };
}
