import { badInput } from '../../shared/errors.js';
import { requireFinite, requirePoints } from '../guards.js';
import { mad, mean, median, variance } from '../math/stats.js';
import { studentTQuantile } from '../math/special.js';

export interface EsdStep {
  /** Index (into the input) removed at this step. */
  index: number;
  /** Test statistic R_i = max |x - center| / scale over the values still in. */
  statistic: number;
  /** Rosner's critical value lambda_i. */
  critical: number;
}

export interface EsdResult {
  /** Indexes declared outliers: the first `count` steps. */
  outliers: number[];
  count: number;
  steps: EsdStep[];
}

/**
 * Rosner's (1983) generalized ESD test for up to `maxOutliers` outliers. `robust` swaps mean/sd
 * for median/MAD (the hybrid used by seasonal-hybrid ESD), which resists masking.
 */
export function generalizedEsd(values: readonly number[], opts: { maxOutliers: number; alpha?: number; robust?: boolean }): EsdResult {
  requirePoints(values.length, 3, 'run the generalized ESD test');
  requireFinite(values, 'run the generalized ESD test');
  const alpha = opts.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw badInput(`alpha must be between 0 and 1, got ${alpha}`);
  const n = values.length;
  const r = Math.min(Math.floor(opts.maxOutliers), n - 2);
  const live = values.map((v, i) => ({ v, i }));
  const steps: EsdStep[] = [];
  let count = 0;
  for (let k = 1; k <= r; k++) {
    const xs = live.map((p) => p.v);
    const center = opts.robust ? median(xs) : mean(xs);
    const scale = opts.robust ? 1.4826 * mad(xs, center) : Math.sqrt(variance(xs));
    if (!(scale > 0)) break;
    let bj = 0;
    let bd = -1;
    for (let j = 0; j < live.length; j++) {
      const d = Math.abs(live[j]!.v - center);
      if (d > bd) {
        bd = d;
        bj = j;
      }
    }
    const m = n - k + 1;
    const p = 1 - alpha / (2 * m);
    const t = studentTQuantile(p, m - 2);
    const critical = ((m - 1) * t) / Math.sqrt((m - 2 + t * t) * m);
    steps.push({ index: live[bj]!.i, statistic: bd / scale, critical });
    if (bd / scale > critical) count = k;
    live.splice(bj, 1);
  }
  return { outliers: steps.slice(0, count).map((s) => s.index), count, steps };
}
