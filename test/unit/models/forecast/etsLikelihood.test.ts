import { describe, expect, it } from 'vitest';
import { autoEts, candidateSpecs } from '../../../../src/models/forecast/autoEts.js';
import { initialState } from '../../../../src/models/forecast/etsFit.js';
import { etsLikelihood, SEASON_ADD, SEASON_MULT, SEASON_NONE } from '../../../../src/models/forecast/etsLikelihood.js';
import { etsFilter, specLabel } from '../../../../src/models/forecast/etsModel.js';
import { mulberry32 } from '../../../../src/models/math/prng.js';
import { fillLinear } from '../../../../src/models/series/gaps.js';
import { regularize } from '../../../../src/models/series/regularSeries.js';
import { NILE, readCsv } from '../vega.js';

const co2 = fillLinear(regularize(readCsv('co2-concentration.csv').map((r) => ({ t: r.Date!, v: Number(r.CO2) })), 'month').values);

describe('etsLikelihood (the optimiser loop) equals etsFilter (the reference recursion)', () => {
  const y = co2.slice(0, 240);
  const rnd = mulberry32(7);
  it.each(candidateSpecs(true, true).map((s) => [specLabel(s), s] as const))('%s at random parameters', (_label, spec) => {
    const init = initialState(y, spec, 12);
    for (let k = 0; k < 5; k++) {
      const alpha = 0.05 + 0.9 * rnd();
      const p = { alpha, beta: alpha * rnd(), gamma: (1 - alpha) * rnd(), phi: 0.8 + 0.18 * rnd() };
      const ref = etsFilter(y, spec, p, init, 12).lik;
      const code = spec.season === 'N' ? SEASON_NONE : spec.season === 'A' ? SEASON_ADD : SEASON_MULT;
      const ring = new Float64Array(12);
      const lik = etsLikelihood(Float64Array.from(y), spec.error === 'M', spec.trend !== 'N', code, p.alpha, p.beta, p.gamma, spec.trend === 'Ad' ? p.phi : 1, init.level, init.trend, init.seasonal, 12, ring);
      expect(lik).toBeCloseTo(ref, 6);
      expect(Number.isFinite(lik)).toBe(true);
    }
  });
  it('is Infinity when a multiplicative forecast turns non-positive, as etsFilter', () => {
    const spec = { error: 'M', trend: 'N', season: 'N' } as const;
    const p = { alpha: 0.5, beta: 0, gamma: 0, phi: 1 };
    const init = { level: -5, trend: 0, seasonal: new Float64Array(1) };
    expect(etsFilter([1, 2, 3], spec, p, init, 1).lik).toBe(Infinity);
    expect(etsLikelihood(Float64Array.from([1, 2, 3]), true, false, SEASON_NONE, 0.5, 0, 0, 1, -5, 0, init.seasonal, 1, new Float64Array(1))).toBe(Infinity);
  });
  it('keeps the log term exact over values whose product overflows (1e200 scale)', () => {
    const big = NILE.map((v) => v * 1e200);
    const spec = { error: 'M', trend: 'N', season: 'N' } as const;
    const p = { alpha: 0.3, beta: 0, gamma: 0, phi: 1 };
    const init = { level: big[0]!, trend: 0, seasonal: new Float64Array(1) };
    const ref = etsFilter(big, spec, p, init, 1).lik;
    expect(Number.isFinite(ref)).toBe(true);
    expect(etsLikelihood(Float64Array.from(big), true, false, SEASON_NONE, 0.3, 0, 0, 1, big[0]!, 0, init.seasonal, 1, new Float64Array(1))).toBeCloseTo(ref, 6);
  });
});

describe('autoEts screening of hopeless candidates', () => {
  // A long, strongly seasonal series: non-seasonal models are hopeless and are dropped early.
  const rnd = mulberry32(3);
  const long = Array.from({ length: 600 }, (_, i) => 200 + 0.05 * i + 15 * Math.sin((2 * Math.PI * i) / 12) + 3 * (rnd() - 0.5));
  it('chooses what the full search chooses, with the same AICc, and marks the dropped candidates', () => {
    const screened = autoEts(long, 12, 12);
    const full = autoEts(long, 12, 12, { fullSearch: true });
    expect(screened.model).toBe(full.model);
    expect(screened.aicc).toBe(full.aicc);
    expect(screened.points[11]!.mean).toBe(full.points[11]!.mean);
    const dropped = screened.candidates.filter((c) => c.screened);
    expect(dropped.length).toBeGreaterThan(0);
    // Dropped candidates are non-seasonal, and their bound is above the full fit's AICc.
    for (const c of dropped) {
      expect(c.model).toMatch(/,N\)$/);
      const ref = full.candidates.find((f) => f.model === c.model)!;
      expect(c.aicc).toBeGreaterThanOrEqual(ref.aicc - 1e-6);
    }
    expect(full.candidates.some((c) => c.screened)).toBe(false);
  });
  it.each([
    ['co2 (240 months)', co2.slice(0, 240), 12],
    ['Nile (annual)', NILE, 1],
  ])('%s: same model and forecast as the full search', (_n, y, m) => {
    const a = autoEts(y as number[], m as number, 6);
    const b = autoEts(y as number[], m as number, 6, { fullSearch: true });
    expect(a.model).toBe(b.model);
    expect(a.points.map((p) => p.mean)).toEqual(b.points.map((p) => p.mean));
  });
});
