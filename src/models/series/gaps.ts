import { badInput } from '../../shared/errors.js';

/**
 * Gap handling: each model says how it wants missing periods treated. Interior gaps can be
 * interpolated; leading and trailing gaps are trimmed, never invented.
 */

export interface Trimmed {
  values: (number | null)[];
  /** Index in the original series of the first kept value. */
  offset: number;
}

/** Drops nulls at both ends; `offset` maps indexes back to the original series. */
export function dropLeadingTrailingNulls(values: readonly (number | null)[]): Trimmed {
  let a = 0;
  let b = values.length - 1;
  while (a <= b && values[a] == null) a++;
  while (b >= a && values[b] == null) b--;
  return { values: values.slice(a, b + 1), offset: a };
}

/** Linear interpolation of interior nulls; leading/trailing nulls take the nearest value. All-null input is refused. */
export function fillLinear(values: readonly (number | null)[]): number[] {
  const n = values.length;
  const out = new Array<number>(n);
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v == null) continue;
    if (prev === -1) for (let j = 0; j < i; j++) out[j] = v;
    else {
      const pv = values[prev]!;
      for (let j = prev + 1; j < i; j++) out[j] = pv + ((v - pv) * (j - prev)) / (i - prev);
    }
    out[i] = v;
    prev = i;
  }
  if (prev === -1) throw badInput('cannot fill a series whose values are all null');
  for (let j = prev + 1; j < n; j++) out[j] = values[prev]!;
  return out;
}

/** Replaces nulls by a constant (e.g. 0 for counts, where an empty period means nothing happened). */
export function fillConstant(values: readonly (number | null)[], c: number): number[] {
  return values.map((v) => (v == null ? c : v));
}

/** Non-null values with their original indexes, for models that can skip gaps (trend tests). */
export function presentPoints(values: readonly (number | null)[]): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v != null) {
      x.push(i);
      y.push(v);
    }
  }
  return { x, y };
}

/** Trims end gaps and interpolates interior ones: the dense input most models need. */
export function denseValues(values: readonly (number | null)[]): { values: number[]; offset: number } {
  const t = dropLeadingTrailingNulls(values);
  if (t.values.length === 0) return { values: [], offset: 0 };
  return { values: fillLinear(t.values), offset: t.offset };
}
