import { requireFinite, requirePoints } from '../guards.js';

// In-place iterative radix-2 FFT (length a power of two).
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
}

export interface Periodogram {
  /** Cycles per period (0 < f <= 0.5), one per bin. */
  frequencies: number[];
  power: number[];
}

/** Periodogram of the demeaned series, zero-padded to a power of two (bins at k / paddedLength). */
export function periodogram(values: readonly number[]): Periodogram {
  requirePoints(values.length, 4, 'compute a periodogram');
  requireFinite(values, 'compute a periodogram');
  const n = values.length;
  let size = 1;
  while (size < n) size <<= 1;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  let m = 0;
  for (let i = 0; i < n; i++) m += values[i]!;
  m /= n;
  for (let i = 0; i < n; i++) re[i] = values[i]! - m;
  fft(re, im);
  const frequencies: number[] = [];
  const power: number[] = [];
  for (let k = 1; k <= size / 2; k++) {
    frequencies.push(k / size);
    power.push((re[k]! ** 2 + im[k]! ** 2) / n);
  }
  return { frequencies, power };
}
