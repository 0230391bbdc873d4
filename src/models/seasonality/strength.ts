import { variance } from '../math/stats.js';

/** Wang-Smith-Hyndman seasonal strength max(0, 1 - var(R) / var(S + R)), in [0, 1]. */
export function seasonalStrength(seasonal: readonly number[], remainder: readonly number[]): number {
  const sr = seasonal.map((s, i) => s + remainder[i]!);
  const v = variance(sr);
  if (v === 0) return 0;
  return Math.max(0, Math.min(1, 1 - variance(remainder) / v));
}

/** Trend strength max(0, 1 - var(R) / var(T + R)), in [0, 1]. */
export function trendStrength(trend: readonly number[], remainder: readonly number[]): number {
  const tr = trend.map((t, i) => t + remainder[i]!);
  const v = variance(tr);
  if (v === 0) return 0;
  return Math.max(0, Math.min(1, 1 - variance(remainder) / v));
}
