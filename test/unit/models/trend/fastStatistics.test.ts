import { describe, expect, it } from 'vitest';
import { autocovarianceSums } from '../../../../src/models/math/fft.js';
import { mulberry32, normalSource } from '../../../../src/models/math/prng.js';
import { selectRanks } from '../../../../src/models/math/stats.js';
import { kendallS, mannKendall } from '../../../../src/models/trend/mannKendall.js';
import { pairwiseSlopes, sensSlope, sensSlopeCi } from '../../../../src/models/trend/sensSlope.js';
import { slopeOrderStatistics } from '../../../../src/models/trend/slopeSelect.js';

// Independent references: the O(n²) definitions.
function bruteS(y: number[]): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) for (let j = i + 1; j < y.length; j++) s += Math.sign(y[j]! - y[i]!);
  return s;
}
const sortedSlopes = (x: number[], y: number[]): Float64Array => pairwiseSlopes(x, y).sort();

function series(seed: number, n: number, kind: number): { x: number[]; y: number[] } {
  const rnd = mulberry32(seed);
  const z = normalSource(rnd);
  const y = Array.from({ length: n }, (_, i) => (kind === 0 ? 0.01 * i + z() : kind === 1 ? Math.round(3 * z() + 0.005 * i) : i % 50 === 0 ? 1e6 : Math.sin(i)));
  // Gaps in x (skipped nulls) on odd seeds.
  const x = y.map((_, i) => i + (seed % 2 ? Math.floor(i / 10) : 0));
  return { x, y };
}

describe("Kendall's S by merge sort (Knight)", () => {
  it.each([
    [1, 300, 0],
    [2, 257, 1],
    [3, 64, 2],
  ])('seed %i, n = %i, kind %i: equals the O(n²) count, ties included', (seed, n, kind) => {
    const { y } = series(seed, n, kind);
    expect(kendallS(y)).toBe(bruteS(y));
  });
  it('all tied: 0; strictly rising: n(n-1)/2', () => {
    expect(kendallS([4, 4, 4, 4])).toBe(0);
    expect(kendallS([1, 2, 3, 4, 5])).toBe(10);
    expect(kendallS([5, 4, 3, 2, 1])).toBe(-10);
  });
});

describe('pairwise-slope order statistics without storing the pairs', () => {
  it.each([
    [4, 500, 0],
    [5, 650, 0],
    [6, 400, 2],
    [7, 333, 0],
  ])('seed %i, n = %i: ranks 0, median pair, 37%%, last equal the sorted slopes exactly', (seed, n, kind) => {
    const { x, y } = series(seed, n, kind);
    const N = (n * (n - 1)) / 2;
    const ranks = [0, Math.floor(N / 2) - 1, Math.floor(N / 2), Math.floor(N * 0.37), N - 1];
    const all = sortedSlopes(x, y);
    const got = slopeOrderStatistics(x, y, ranks);
    expect(got).not.toBeNull();
    expect(got).toEqual(ranks.map((r) => all[r]));
  });
  it('heavy ties (integer data): still exact (a bracket that misses falls back to the stored slopes)', () => {
    const { x, y } = series(2, 400, 1);
    const all = sortedSlopes(x, y);
    const N = all.length;
    expect(sensSlope(x, y)).toBe((all[N / 2 - 1]! + all[N / 2]!) / 2);
    expect(sensSlopeCi(x, y, 1e6, 0.95)).toEqual(sensSlopeCi(x, y, 1e6, 0.95, pairwiseSlopes(x, y)));
  });
  it("Sen's slope and CI of Mann-Kendall equal the stored-slope path (n = 500)", () => {
    const { x, y } = series(9, 500, 0);
    const mk = mannKendall(x, y);
    const all = pairwiseSlopes(x, y);
    expect(mk.slope).toBe(sensSlope(x, y, all.slice()));
    expect(mk.ci).toEqual(sensSlopeCi(x, y, mk.varS, 0.95, all.slice()));
  });
});

describe('selectRanks', () => {
  it('equals a full sort at every asked rank, input untouched', () => {
    const rnd = mulberry32(11);
    const a = Float64Array.from({ length: 50_000 }, (_, i) => (i % 7 === 0 ? 3 : rnd()));
    const copy = a.slice();
    const sorted = a.slice().sort();
    const ranks = [0, 1, 7142, 25_000, 49_999];
    expect(selectRanks(a, ranks)).toEqual(ranks.map((r) => sorted[r]));
    expect(a).toEqual(copy);
  });
});

describe('autocovariance sums by FFT', () => {
  it('equal the direct sums at every lag', () => {
    const z = normalSource(mulberry32(5));
    const d = Array.from({ length: 301 }, () => z());
    const c = autocovarianceSums(d);
    for (const k of [0, 1, 2, 12, 150, 299, 300]) {
      let ref = 0;
      for (let i = 0; i + k < d.length; i++) ref += d[i]! * d[i + k]!;
      expect(c[k]).toBeCloseTo(ref, 9);
    }
  });
});
