import { normalBands, type Band } from './intervals.js';

/** Seasonal naive: each forecast repeats the value one season earlier (plain naive when m < 2 or the series is shorter than m). */
export function seasonalNaive(y: readonly number[], m: number, horizon: number): { mean: number[]; bands: Band[]; sigma2: number; period: number } {
  const n = y.length;
  const period = m >= 2 && n > m ? m : 1;
  const mean = new Array<number>(horizon);
  for (let h = 1; h <= horizon; h++) {
    const k = Math.floor((h - 1) / period) + 1;
    mean[h - 1] = y[n + h - 1 - k * period]!;
  }
  let ss = 0;
  let count = 0;
  for (let t = period; t < n; t++) {
    ss += (y[t]! - y[t - period]!) ** 2;
    count++;
  }
  const sigma2 = count > 0 ? ss / count : 0;
  const variances = mean.map((_, i) => sigma2 * (Math.floor(i / period) + 1));
  return { mean, bands: normalBands(mean, variances), sigma2, period };
}
