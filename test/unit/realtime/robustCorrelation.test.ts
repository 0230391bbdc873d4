import { describe, expect, it } from 'vitest';
import { extendRun, lagOneCorrelation, noRun } from '../../../src/realtime/core/runEvidence.js';
import { mulberry32 } from '../../../src/models/math/prng.js';

const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/** The plain (product-moment) lag-one correlation, as read before the errors were clipped. */
function plainLagOne(e: readonly number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < e.length; i++) {
    den += e[i]! * e[i]!;
    if (i > 0) num += e[i]! * e[i - 1]!;
  }
  return Math.max(0, num / den);
}

/** A run of three errors 2.8 scales out (Stouffer 4.85), its evidence read under the correlation `rho`. */
function runEvidence(rho: number): number | null {
  const run = noRun();
  extendRun(run, 2.8, 4.5, () => rho);
  extendRun(run, 2.8, 4.5, () => rho);
  return extendRun(run, 2.8, 4.5, () => rho);
}

describe('lag-one correlation of the errors, read robustly (clipped at 2 robust scales)', () => {
  it('fires: one earlier pair of big errors in a row no longer makes independent errors look correlated, so a later run alerts', () => {
    const r = mulberry32(11);
    const errors = Array.from({ length: 100 }, () => gauss(r));
    // A level's first two points, taken by the band, 12 scales out each.
    errors[40] = 12;
    errors[41] = 12;
    expect(plainLagOne(errors)).toBeGreaterThan(0.3);
    expect(runEvidence(plainLagOne(errors))).toBeNull();
    const rho = lagOneCorrelation(errors);
    expect(rho).toBeLessThan(0.1);
    expect(runEvidence(rho)).not.toBeNull();
  });

  it('stays off: errors that come in runs by habit keep their correlation, and the same run is discounted', () => {
    const r = mulberry32(12);
    const errors = [0];
    for (let i = 1; i < 100; i++) errors.push(0.7 * errors[i - 1]! + gauss(r));
    const rho = lagOneCorrelation(errors);
    expect(rho).toBeGreaterThan(0.5);
    expect(runEvidence(rho)).toBeNull();
    // Plain and clipped agree where nothing stands out.
    expect(Math.abs(rho - plainLagOne(errors))).toBeLessThan(0.1);
  });
});
