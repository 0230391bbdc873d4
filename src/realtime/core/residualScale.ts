/** One-step residuals kept per series for its scale and its recent range. */
export const RESIDUALS = 100;
/** The scale is read at this quantile of the absolute residuals, divided by the normal's (1.645 at 0.9). */
const QUANTILE = 0.9;
const NORMAL_QUANTILE = 1.6449;

/**
 * The series' error scale: the 90th percentile of the absolute one-step residuals over the recent
 * window, over the normal's (a sigma for normal errors, more for heavy tails: the median-based
 * scale flooded heavy-tailed series such as a random walk with jumps with alerts in the evaluation). A
 * quantile ignores the few big residuals a running variance is inflated by (one spike used to
 * widen the band for weeks), and it follows a change of volatility within a window.
 */
export function residualScale(residuals: readonly number[]): number {
  if (!residuals.length) return 0;
  const a = residuals.map(Math.abs).sort((x, y) => x - y);
  const k = QUANTILE * (a.length - 1);
  const lo = Math.floor(k);
  const hi = Math.min(a.length - 1, lo + 1);
  return (a[lo]! + (k - lo) * (a[hi]! - a[lo]!)) / NORMAL_QUANTILE;
}

/** The largest absolute residual in the window: an error no bigger has a precedent in the recent past. */
export function recentRange(residuals: readonly number[]): number {
  let m = 0;
  for (const r of residuals) m = Math.max(m, Math.abs(r));
  return m;
}

/** Appends a residual, keeping the last RESIDUALS. */
export function pushResidual(residuals: number[], e: number): void {
  residuals.push(e);
  if (residuals.length > RESIDUALS) residuals.splice(0, residuals.length - RESIDUALS);
}
