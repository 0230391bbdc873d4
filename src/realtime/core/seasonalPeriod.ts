/** Seasonal periods a series with no grain is tested for: quarters, days of a week, months, hours, weeks of a year. */
export const CANDIDATE_PERIODS = [4, 7, 12, 24, 52];
/** Cycles of a period the model's training head must hold (ETS needs three). */
const CYCLES = 3;

/**
 * Periods worth fitting for `values`: the grain's hint, else the candidate whose autocorrelation of
 * first differences (trend removed) is highest and clearly positive. A period is only offered when
 * the head the model trains on (two thirds) holds three cycles. A seasonal model is kept only if it
 * backtests better than a plain one (the caller compares), so a spurious period costs a fit, not accuracy.
 */
export function seasonalCandidates(values: readonly number[], hint: number): number[] {
  const head = Math.floor((values.length * 2) / 3);
  const fits = (p: number) => p >= 2 && head >= CYCLES * p;
  if (hint >= 2) return fits(hint) ? [hint] : [];
  const d = values.slice(1).map((x, i) => x - values[i]!);
  const n = d.length;
  const mean = d.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const c = d.map((x) => x - mean);
  const c0 = c.reduce((a, x) => a + x * x, 0);
  if (!(c0 > 0)) return [];
  let best = 0;
  let bestR = Math.max(0.2, 2 / Math.sqrt(n));
  for (const p of CANDIDATE_PERIODS) {
    if (!fits(p)) continue;
    let s = 0;
    for (let i = 0; i + p < n; i++) s += c[i]! * c[i + p]!;
    const r = s / c0;
    if (r > bestR) {
      best = p;
      bestR = r;
    }
  }
  return best ? [best] : [];
}
