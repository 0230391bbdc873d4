import { describe, expect, it } from 'vitest';
import { backwardFill, forwardFill, imputeMean, imputeMedian, imputeMode, interpolateLinear, fillConstant } from '../../../src/cleaning/impute.js';
import { isAppError } from '../../../src/shared/errors.js';

describe('imputation', () => {
  it('mean, median, mode, constant', () => {
    expect(imputeMean([1, null, 3, null, 8])).toEqual({ values: [1, 4, 3, 4, 8], filled: [1, 3], fill: 4 });
    expect(imputeMedian([1, null, 3, 100]).values).toEqual([1, 3, 3, 100]);
    expect(imputeMedian([1, null, 3, 100, 4]).fill).toBe(3.5);
    expect(imputeMode(['a', 'b', null, 'b', 'a', 'c']).fill).toBe('a'); // tie a/b → smallest
    expect(imputeMode([2, 2, null, 7]).values).toEqual([2, 2, 2, 7]);
    expect(fillConstant([null, 'x'], 'unknown').values).toEqual(['unknown', 'x']);
  });

  it('forward and backward fill along row order and along an order column', () => {
    expect(forwardFill([null, 1, null, null, 4, null]).values).toEqual([null, 1, 1, 1, 4, 4]);
    expect(backwardFill([null, 1, null, null, 4, null]).values).toEqual([1, 1, 4, 4, 4, null]);
    // Rows out of time order: t = 3, 1, 2 → along time the sequence is b(1)=10, c(2)=null, a(3)=30.
    expect(forwardFill([30, 10, null], [3, 1, 2])).toEqual({ values: [30, 10, 10], filled: [2] });
    expect(backwardFill([30, 10, null], [3, 1, 2]).values).toEqual([30, 10, 30]);
  });

  it('linear interpolation: interior points on the line, uneven spacing, edges left or nearest', () => {
    expect(interpolateLinear([1, null, null, 4]).values).toEqual([1, 2, 3, 4]);
    // x = 0, 1, 4 with y = 0, ?, 8 → y(1) = 2
    expect(interpolateLinear([0, null, 8], [0, 1, 4]).values).toEqual([0, 2, 8]);
    // Shuffled rows: x = 10, 0, 5 → y(5) between y(0)=100 and y(10)=200
    expect(interpolateLinear([200, 100, null], [10, 0, 5]).values).toEqual([200, 100, 150]);
    expect(interpolateLinear([null, 2, null, 6, null]).values).toEqual([null, 2, 4, 6, null]);
    expect(interpolateLinear([null, 2, null, 6, null], undefined, 'nearest').values).toEqual([2, 2, 4, 6, 6]);
    // A row without an order key is not touched.
    expect(interpolateLinear([1, null, 3], [0, null, 2]).values).toEqual([1, null, 3]);
  });

  it('imputing a column that is all null fails with NOT_ENOUGH_DATA naming the method', () => {
    for (const f of [() => imputeMean([null, null]), () => imputeMedian([]), () => imputeMode([null]), () => forwardFill([null]), () => interpolateLinear([null, null])]) {
      let caught: unknown;
      try {
        f();
      } catch (e) {
        caught = e;
      }
      expect(isAppError(caught, 'NOT_ENOUGH_DATA')).toBe(true);
      expect((caught as Error).message).toMatch(/no non-null values/);
    }
  });
});
