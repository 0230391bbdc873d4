/**
 * Order statistics of the n(n-1)/2 pairwise slopes (y_j - y_i) / (x_j - x_i) without forming them
 * all, in O(n log n + K) (after Dillencourt, Mount & Netanyahu 1992). In the dual, point i is the
 * line L_i(t) = y_i - t x_i; for i < j the lines cross exactly at t = slope(i, j). So:
 *  - slopes below t are the inversions of L(t) in index order (counted by merge sort, Knight-style);
 *  - slopes in [lo, hi) are the pairs whose lines swap order between t = lo and t = hi, i.e. the
 *    inversions of L(hi) taken in L(lo) order, enumerated by merge sort (K of them).
 * A seeded sample of slopes picks [lo, hi) around each wanted rank; quickselect finishes among the K inside.
 */

import { selectKth } from '../math/stats.js';

const SAMPLE = 2048;

/** Slopes with x strictly increasing; null when a bracket missed (the caller then selects over all slopes). */
export function slopeOrderStatistics(x: ArrayLike<number>, y: ArrayLike<number>, ranks: readonly number[]): number[] | null {
  const n = y.length;
  const total = (n * (n - 1)) / 2;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = x[i]!;
    ys[i] = y[i]!;
  }
  const sample = sampleSlopes(xs, ys);
  const out = new Array<number>(ranks.length);
  // Ranks whose brackets coincide (the two middle ranks of an even count) share one enumeration.
  const done: { lo: number; hi: number; below: number; inside: Float64Array }[] = [];
  for (let t = 0; t < ranks.length; t++) {
    const r = ranks[t]!;
    const p = r / total;
    const at = p * SAMPLE;
    const d = 4 * Math.sqrt(SAMPLE * p * (1 - p)) + 4;
    const a = Math.floor(at - d);
    const b = Math.ceil(at + d);
    const lo = a < 0 ? -Infinity : selectKth(sample, a);
    const hi = b >= SAMPLE ? Infinity : selectKth(sample, b);
    let found = done.find((f) => f.lo === lo && f.hi === hi);
    if (!found) {
      found = { lo, hi, below: lo === -Infinity ? 0 : countBelow(xs, ys, lo), inside: between(xs, ys, lo, hi) };
      done.push(found);
    }
    const k = r - found.below;
    if (k < 0 || k >= found.inside.length) return null;
    out[t] = selectKth(found.inside, k);
  }
  return out;
}

function sampleSlopes(x: Float64Array, y: Float64Array): Float64Array {
  const n = y.length;
  let seed = (n * 2654435761) >>> 0;
  const next = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const s = new Float64Array(SAMPLE);
  for (let k = 0; k < SAMPLE; k++) {
    let i = Math.floor(next() * n);
    let j = Math.floor(next() * (n - 1));
    if (j >= i) j++;
    if (j < i) [i, j] = [j, i];
    s[k] = (y[j]! - y[i]!) / (x[j]! - x[i]!);
  }
  return s;
}

// Pairs i < j with L_j(t) < L_i(t): inversions of L(t) in index order.
function countBelow(x: Float64Array, y: Float64Array, t: number): number {
  const n = y.length;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = y[i]! - t * x[i]!;
  let a = v;
  let b = new Float64Array(n);
  let inversions = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (a[i]! <= a[j]!) b[k++] = a[i++]!;
        else {
          inversions += mid - i;
          b[k++] = a[j++]!;
        }
      }
      while (i < mid) b[k++] = a[i++]!;
      while (j < hi) b[k++] = a[j++]!;
    }
    [a, b] = [b, a];
  }
  return inversions;
}

// Slopes in [lo, hi), unordered: pairs in L(lo) order (ties by index) that are inverted in L(hi).
function between(x: Float64Array, y: Float64Array, lo: number, hi: number): Float64Array {
  const n = y.length;
  const atLo = new Float64Array(n);
  const atHi = new Float64Array(n);
  // Lines far left (t -> -Infinity) are ordered by x, far right by -x.
  for (let i = 0; i < n; i++) {
    atLo[i] = lo === -Infinity ? x[i]! : y[i]! - lo * x[i]!;
    atHi[i] = hi === Infinity ? -x[i]! : y[i]! - hi * x[i]!;
  }
  let a: Int32Array = stableOrder(atLo);
  let b: Int32Array = new Int32Array(n);
  let buf = new Float64Array(1024);
  let size = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let start = 0; start < n; start += 2 * width) {
      const mid = Math.min(start + width, n);
      const end = Math.min(start + 2 * width, n);
      let i = start;
      let j = mid;
      let k = start;
      while (i < mid && j < end) {
        const left = a[i]!;
        const right = a[j]!;
        if (atHi[left]! <= atHi[right]!) b[k++] = a[i++]!;
        else {
          // `right` swaps with every remaining left element: one slope each.
          if (size + (mid - i) > buf.length) {
            const grown = new Float64Array(Math.max(2 * buf.length, size + (mid - i)));
            grown.set(buf.subarray(0, size));
            buf = grown;
          }
          for (let q = i; q < mid; q++) {
            const u = a[q]!;
            buf[size++] = u < right ? (y[right]! - y[u]!) / (x[right]! - x[u]!) : (y[u]! - y[right]!) / (x[u]! - x[right]!);
          }
          b[k++] = a[j++]!;
        }
      }
      while (i < mid) b[k++] = a[i++]!;
      while (j < end) b[k++] = a[j++]!;
    }
    [a, b] = [b, a];
  }
  return buf.subarray(0, size);
}

// Indices sorted by value, ties by index (a stable bottom-up merge sort from index order).
function stableOrder(v: Float64Array): Int32Array {
  const n = v.length;
  let a: Int32Array = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  let b: Int32Array = new Int32Array(n);
  for (let width = 1; width < n; width *= 2) {
    for (let start = 0; start < n; start += 2 * width) {
      const mid = Math.min(start + width, n);
      const end = Math.min(start + 2 * width, n);
      let i = start;
      let j = mid;
      let k = start;
      while (i < mid && j < end) b[k++] = v[a[i]!]! <= v[a[j]!]! ? a[i++]! : a[j++]!;
      while (i < mid) b[k++] = a[i++]!;
      while (j < end) b[k++] = a[j++]!;
    }
    [a, b] = [b, a];
  }
  return a;
}
