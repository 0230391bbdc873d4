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

/** Largest absolute value; 0 for an empty array. */
export function maxAbs(xs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) {
    const a = Math.abs(xs[i]!);
    if (a > m) m = a;
  }
  return m;
}
