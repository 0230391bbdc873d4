import { describe, expect, it } from 'vitest';
import { capValues, flagOutliers, iqrFences, madFences, percentileFences, quantileSorted } from '../../../src/cleaning/outliers.js';
import { isAppError } from '../../../src/shared/errors.js';

describe('outlier math', () => {
  it('quantiles interpolate like percentile_cont / numpy (type 7)', () => {
    const s = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // numpy.percentile([1..10], [25, 50, 75, 90]) = 3.25, 5.5, 7.75, 9.1
    expect(quantileSorted(s, 0.25)).toBeCloseTo(3.25, 12);
    expect(quantileSorted(s, 0.5)).toBeCloseTo(5.5, 12);
    expect(quantileSorted(s, 0.75)).toBeCloseTo(7.75, 12);
    expect(quantileSorted(s, 0.9)).toBeCloseTo(9.1, 12);
    expect(quantileSorted([4], 0.3)).toBe(4);
  });

  it('IQR fences: Tukey on a known sample, nulls ignored', () => {
    const f = iqrFences([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null, 100]);
    // 11 numbers: Q1 = 3.5, Q3 = 8.5, IQR = 5 → [-4, 16]
    expect(f.q1).toBeCloseTo(3.5, 12);
    expect(f.q3).toBeCloseTo(8.5, 12);
    expect([f.lower, f.upper]).toEqual([-4, 16]);
    expect(flagOutliers([1, 16, 16.01, -5, null], f)).toEqual([false, false, true, true, false]);
  });

  it('MAD fences: modified z-score 3.5 (Iglewicz & Hoaglin)', () => {
    const f = madFences([2, 4, 4, 5, 6, 7, 100]);
    // median 5, |dev| = 3,1,1,0,1,2,95 → MAD 1; spread = 3.5 / 0.6745
    expect(f.median).toBe(5);
    expect(f.mad).toBe(1);
    expect(f.upper).toBeCloseTo(5 + 3.5 / 0.6745, 10);
    expect(flagOutliers([100, 9, 10.2], f)).toEqual([true, false, true]);
  });

  it('MAD of 0 falls back to the mean absolute deviation; all-equal values have no outliers', () => {
    const f = madFences([5, 5, 5, 5, 5, 6, 50]);
    const meanAd = (1 + 45) / 7;
    expect(f.upper).toBeCloseTo(5 + 3.5 * 1.253314 * meanAd, 10);
    expect(flagOutliers([50, 6], f)).toEqual([true, false]);
    const g = madFences([3, 3, 3, 3]);
    expect(flagOutliers([3, 1e9], g)).toEqual([false, false]);
  });

  it('capping (winsorizing) and percentile fences', () => {
    const { values, changed } = capValues([-10, 0, 5, 20, null], { lower: -1, upper: 10 });
    expect(values).toEqual([-1, 0, 5, 10, null]);
    expect(changed).toBe(2);
    const p = percentileFences(Array.from({ length: 101 }, (_, i) => i), 0.05, 0.95);
    expect(p).toEqual({ lower: 5, upper: 95 });
  });

  it('too few numbers is NOT_ENOUGH_DATA', () => {
    let caught: unknown;
    try {
      iqrFences([1, null, 2]);
    } catch (e) {
      caught = e;
    }
    expect(isAppError(caught, 'NOT_ENOUGH_DATA')).toBe(true);
  });
});
