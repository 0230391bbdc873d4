import { AppError, ErrorCode, badInput } from '../shared/errors.js';

/**
 * Input checks shared by every public model function, so bad input gets one clear answer
 * (BAD_INPUT / NOT_ENOUGH_DATA naming the problem) instead of NaN, Infinity or a crash.
 */

/** Beyond this magnitude squares and sums of squares overflow double precision. */
export const MAX_ABS_VALUE = 1e150;

/** Throws NOT_ENOUGH_DATA "not enough data to <task>: n points, need k" when n < need. */
export function requirePoints(n: number, need: number, task: string): void {
  if (n < need) {
    throw new AppError(ErrorCode.NOT_ENOUGH_DATA, `not enough data to ${task}: ${n} point${n === 1 ? '' : 's'}, need ${need}`, { points: n, need });
  }
}

/** Checks a dense array: every value finite and within MAX_ABS_VALUE. */
export function requireFinite(values: ArrayLike<number>, task: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw badInput(`cannot ${task}: value at index ${i} is not a finite number (${String(v)})`, { index: i });
    if (Math.abs(v) > MAX_ABS_VALUE) {
      throw badInput(`cannot ${task}: value at index ${i} is too large (${v.toExponential(2)}; limit ${MAX_ABS_VALUE.toExponential(0)}); rescale the measure`, { index: i });
    }
  }
}

/** Checks a series that may contain nulls; returns the count of non-null values. */
export function requireFiniteOrNull(values: ArrayLike<number | null>, task: string): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    count++;
    if (!Number.isFinite(v)) throw badInput(`cannot ${task}: value at index ${i} is not a finite number (${String(v)})`, { index: i });
    if (Math.abs(v) > MAX_ABS_VALUE) {
      throw badInput(`cannot ${task}: value at index ${i} is too large (${v.toExponential(2)}; limit ${MAX_ABS_VALUE.toExponential(0)}); rescale the measure`, { index: i });
    }
  }
  return count;
}
