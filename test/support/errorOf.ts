import { AppError } from '../../src/shared/errors.js';

/** The AppError thrown by fn (fails the test when there is none, or when it throws something else). */
export function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}
