import { requireFinite, requirePoints } from '../guards.js';
import { fft } from '../math/fft.js';

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
