import { normalCdf } from '../math/special.js';

/**
 * Ranking of auto insights by statistical significance and effect size, not by count. Both are
 * mapped to [0, 1] and multiplied, so a tiny but certain effect and a large but noisy one both
 * rank low: significance = min(1, -log10(p) / 6) (p = 1e-6 or smaller counts fully); effect =
 * 1 - exp(-d), with d the effect in standard deviations of the series.
 */

/** Significance of a p-value in [0, 1]. */
export function significanceScore(p: number): number {
  if (!(p >= 0)) return 0;
  return Math.min(1, -Math.log10(Math.max(p, 1e-300)) / 6);
}

/** Effect size in standard deviations, mapped to [0, 1). */
export function effectScore(d: number): number {
  if (!Number.isFinite(d) || d <= 0) return 0;
  return 1 - Math.exp(-d);
}

/** The combined score of an insight. */
export function insightScore(p: number, effectSd: number): number {
  return significanceScore(p) * effectScore(effectSd);
}

/** Two-sided normal p-value of z, Bonferroni-corrected for `tests` looks (capped at 1). */
export function normalP(z: number, tests = 1): number {
  const p = 2 * (1 - normalCdf(Math.abs(z)));
  return Math.min(1, p * Math.max(1, tests));
}

/** Sample standard deviation of the non-null values (0 for fewer than 2). */
export function sdOf(values: readonly (number | null)[]): number {
  let n = 0;
  let m = 0;
  let s = 0;
  for (const v of values) {
    if (v === null) continue;
    n++;
    const d = v - m;
    m += d / n;
    s += d * (v - m);
  }
  return n > 1 ? Math.sqrt(s / (n - 1)) : 0;
}
