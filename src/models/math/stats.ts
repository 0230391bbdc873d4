/** Small descriptive statistics over dense numeric arrays (no nulls); the models' common vocabulary. */

/** Arithmetic mean; NaN for an empty array (callers check lengths first). */
export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Sample variance (n - 1 denominator); 0 for fewer than two values. */
export function variance(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < n; i++) s += (xs[i]! - m) ** 2;
  return s / (n - 1);
}

/** k-th smallest value (0-based) by quickselect; reorders `a` in place, O(n) on average. */
export function selectKth(a: Float64Array | number[], k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // Median-of-three pivot keeps sorted input (common for slopes of a trend) linear.
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

const SAMPLE = 2048;

/**
 * Exact k-th smallest values (0-based ranks) of `a`, without reordering it, in about two linear
 * scans: a seeded sample brackets each rank (±4 sampling standard deviations), a scan counts the
 * values below each bracket and copies those inside, and a sort of that small remainder finishes.
 * A bracket that misses its rank (rare) falls back to quickselect on a copy. Faster than
 * quickselect on large arrays (no data-dependent swaps) and one call serves several ranks.
 */
export function selectRanks(a: Float64Array, ranks: readonly number[]): number[] {
  const n = a.length;
  if (n <= 8 * SAMPLE) {
    const copy = Float64Array.from(a);
    return ranks.map((r) => selectKth(copy, r));
  }
  // A fixed-seed LCG: the result is exact whatever the sample, the seed only keeps timings repeatable.
  let seed = 0x2545f491;
  const sample = new Float64Array(SAMPLE);
  for (let s = 0; s < SAMPLE; s++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    sample[s] = a[Math.floor((seed / 4294967296) * n)]!;
  }
  sample.sort();
  const out = new Array<number>(ranks.length);
  for (let t = 0; t < ranks.length; t++) {
    const r = ranks[t]!;
    const p = r / n;
    const at = p * SAMPLE;
    const d = 4 * Math.sqrt(SAMPLE * p * (1 - p)) + 4;
    const lo = Math.floor(at - d) < 0 ? -Infinity : sample[Math.floor(at - d)]!;
    const hi = Math.ceil(at + d) >= SAMPLE ? Infinity : sample[Math.ceil(at + d)]!;
    const { below, kept } = bracket(a, lo, hi);
    const k = r - below;
    out[t] = k >= 0 && k < kept.length ? selectKth(kept, k) : selectKth(Float64Array.from(a), r);
  }
  return out;
}

// Count of values below lo, and a copy of those in [lo, hi].
function bracket(a: Float64Array, lo: number, hi: number): { below: number; kept: Float64Array } {
  let buf = new Float64Array(256);
  let size = 0;
  let below = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    below += v < lo ? 1 : 0;
    if (v >= lo && v <= hi) {
      if (size === buf.length) {
        const grown = new Float64Array(2 * size);
        grown.set(buf);
        buf = grown;
      }
      buf[size++] = v;
    }
  }
  return { below, kept: buf.subarray(0, size) };
}

/** Median without modifying the input. */
export function median(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return NaN;
  const a = Float64Array.from(xs);
  if (n % 2 === 1) return selectKth(a, (n - 1) / 2);
  const hi = selectKth(a, n / 2);
  let lo = -Infinity;
  for (let i = 0; i < n / 2; i++) if (a[i]! > lo) lo = a[i]!;
  return (lo + hi) / 2;
}

/** Median absolute deviation from the median, unscaled (multiply by 1.4826 for a normal sigma). */
export function mad(xs: ArrayLike<number>, center = median(xs)): number {
  const d = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) d[i] = Math.abs(xs[i]! - center);
  return median(d);
}

/** Robust scale: 1.4826 * MAD, falling back to the standard deviation when more than half the values tie. */
export function robustSigma(xs: ArrayLike<number>): number {
  const s = 1.4826 * mad(xs);
  if (s > 0) return s;
  return Math.sqrt(variance(xs));
}
