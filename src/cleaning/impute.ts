import { AppError, ErrorCode } from '../shared/errors.js';
import { median } from './outliers.js';

/**
 * Imputation over plain arrays, position-aligned with the rows. The SQL steps mirror these so the
 * set-based version can be tested against them. Every function returns the filled array and the
 * positions it filled; imputing from a column with no values is an error (NOT_ENOUGH_DATA).
 */

export type Cell = string | number | boolean | null;
export interface Imputed<T> {
  values: T[];
  /** Positions that were null and received a value. */
  filled: number[];
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function noValues(what: string): AppError {
  return new AppError(ErrorCode.NOT_ENOUGH_DATA, `cannot impute the ${what}: the column has no non-null values`);
}

/** Replaces nulls with `fill`. */
export function fillConstant<T>(values: readonly (T | null)[], fill: T): Imputed<T | null> {
  const filled: number[] = [];
  const out = values.map((v, i) => (v === null ? (filled.push(i), fill) : v));
  return { values: out, filled };
}

/** Mean of the finite numbers. */
export function meanOf(values: readonly (number | null)[]): number {
  let sum = 0;
  let n = 0;
  for (const v of values) if (isNum(v)) (sum += v), n++;
  if (n === 0) throw noValues('mean');
  return sum / n;
}

/** Nulls → mean of the non-null numbers. */
export function imputeMean(values: readonly (number | null)[]): Imputed<number | null> & { fill: number } {
  const fill = meanOf(values);
  return { ...fillConstant(values, fill), fill };
}

/** Nulls → median (percentile_cont 0.5) of the non-null numbers. */
export function imputeMedian(values: readonly (number | null)[]): Imputed<number | null> & { fill: number } {
  if (!values.some(isNum)) throw noValues('median');
  const fill = median(values);
  return { ...fillConstant(values, fill), fill };
}

/** Most frequent non-null value; ties go to the smallest (numbers) or first in code-unit order (text), as SQL's mode() WITHIN GROUP (ORDER BY v) does. */
export function modeOf<T extends string | number | boolean>(values: readonly (T | null)[]): T {
  const counts = new Map<T, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  if (counts.size === 0) throw noValues('mode');
  let best: T | undefined;
  let bestCount = -1;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && best !== undefined && v < best)) {
      best = v;
      bestCount = c;
    }
  }
  return best!;
}

/** Nulls → most frequent value. */
export function imputeMode<T extends string | number | boolean>(values: readonly (T | null)[]): Imputed<T | null> & { fill: T } {
  const fill = modeOf(values);
  return { ...fillConstant(values, fill), fill };
}

/** Positions sorted by `order` (stable; positions whose order key is null go last, in input order). */
export function orderPositions(n: number, order?: readonly (number | null)[]): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  if (!order) return idx;
  return idx.sort((a, b) => {
    const x = order[a] ?? null;
    const y = order[b] ?? null;
    if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
    return x - y || a - b;
  });
}

/** Each null takes the last non-null value before it along `order` (row order by default); leading nulls stay null. */
export function forwardFill<T>(values: readonly (T | null)[], order?: readonly (number | null)[]): Imputed<T | null> {
  if (!values.some((v) => v !== null)) throw noValues('forward fill');
  const out = [...values];
  const filled: number[] = [];
  let last: T | null = null;
  for (const i of orderPositions(values.length, order)) {
    if (out[i] !== null) last = out[i]!;
    else if (last !== null) (out[i] = last), filled.push(i);
  }
  return { values: out, filled: filled.sort((a, b) => a - b) };
}

/** Each null takes the next non-null value after it along `order`; trailing nulls stay null. */
export function backwardFill<T>(values: readonly (T | null)[], order?: readonly (number | null)[]): Imputed<T | null> {
  if (!values.some((v) => v !== null)) throw noValues('backward fill');
  const out = [...values];
  const filled: number[] = [];
  let next: T | null = null;
  const pos = orderPositions(values.length, order);
  for (let k = pos.length - 1; k >= 0; k--) {
    const i = pos[k]!;
    if (out[i] !== null) next = out[i]!;
    else if (next !== null) (out[i] = next), filled.push(i);
  }
  return { values: out, filled: filled.sort((a, b) => a - b) };
}

/**
 * Linear interpolation along `order` (e.g. epoch milliseconds of a time column; row positions by
 * default): a null between two known points takes the value on the line between them. Nulls before
 * the first or after the last known point stay null, or take the nearest known value with `edges: 'nearest'`.
 * Rows whose order key is null are left as they are.
 */
export function interpolateLinear(
  values: readonly (number | null)[],
  order?: readonly (number | null)[],
  edges: 'leave' | 'nearest' = 'leave',
): Imputed<number | null> {
  if (!values.some(isNum)) throw noValues('interpolation');
  const x = order ?? values.map((_, i) => i);
  const pos = orderPositions(values.length, x).filter((i) => x[i] !== null);
  const known = pos.filter((i) => isNum(values[i]));
  const out = [...values];
  const filled: number[] = [];
  let k = 0; // index in `known` of the last known point at or before the current position
  for (const i of pos) {
    if (isNum(values[i])) continue;
    while (k + 1 < known.length && x[known[k + 1]!]! <= x[i]!) k++;
    const left = x[known[k]!]! <= x[i]! ? known[k]! : undefined;
    const right = left === undefined ? known[0] : known[k + 1];
    let v: number | null = null;
    if (left !== undefined && right !== undefined) {
      const x0 = x[left]!;
      const x1 = x[right]!;
      const y0 = values[left]!;
      const y1 = values[right]!;
      v = x1 === x0 ? (y0 + y1) / 2 : y0 + ((y1 - y0) * (x[i]! - x0)) / (x1 - x0);
    } else if (edges === 'nearest') {
      v = values[(left ?? right)!]!;
    }
    if (v !== null) (out[i] = v), filled.push(i);
  }
  return { values: out, filled: filled.sort((a, b) => a - b) };
}
