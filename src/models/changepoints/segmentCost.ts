/**
 * Segment costs for change-point search, O(1) per segment from prefix sums: twice the negative
 * normal log-likelihood (up to constants) with the noise variance fixed, for a constant mean or
 * a straight line within each segment. Segments are half-open index ranges [s, t).
 */
export type SegmentModel = 'mean' | 'slope';

export interface SegmentCost {
  model: SegmentModel;
  /** Free parameters a new segment adds (1 for a mean, 2 for a line). */
  params: number;
  cost(s: number, t: number): number;
  /** Fitted line (level at x, slope) of segment [s, t); slope 0 for the mean model. */
  fit(s: number, t: number): { intercept: number; slope: number };
}

/** Builds the cost of `model` over y with noise variance sigma2 (> 0). */
export function segmentCost(y: readonly number[], model: SegmentModel, sigma2: number): SegmentCost {
  const n = y.length;
  const sy = new Float64Array(n + 1);
  const syy = new Float64Array(n + 1);
  const sx = new Float64Array(n + 1);
  const sxx = new Float64Array(n + 1);
  const sxy = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    sy[i + 1] = sy[i]! + v;
    syy[i + 1] = syy[i]! + v * v;
    sx[i + 1] = sx[i]! + i;
    sxx[i + 1] = sxx[i]! + i * i;
    sxy[i + 1] = sxy[i]! + i * v;
  }
  const moments = (s: number, t: number) => {
    const m = t - s;
    const Sy = sy[t]! - sy[s]!;
    const Syy = syy[t]! - syy[s]!;
    const Sx = sx[t]! - sx[s]!;
    const Sxx = sxx[t]! - sxx[s]!;
    const Sxy = sxy[t]! - sxy[s]!;
    return { m, cyy: Syy - (Sy * Sy) / m, cxx: Sxx - (Sx * Sx) / m, cxy: Sxy - (Sx * Sy) / m, my: Sy / m, mx: Sx / m };
  };
  if (model === 'mean') {
    return {
      model,
      params: 1,
      cost: (s, t) => Math.max(0, moments(s, t).cyy) / sigma2,
      fit: (s, t) => ({ intercept: moments(s, t).my, slope: 0 }),
    };
  }
  return {
    model,
    params: 2,
    cost: (s, t) => {
      const k = moments(s, t);
      const ss = k.cxx > 0 ? k.cyy - (k.cxy * k.cxy) / k.cxx : k.cyy;
      return Math.max(0, ss) / sigma2;
    },
    fit: (s, t) => {
      const k = moments(s, t);
      const slope = k.cxx > 0 ? k.cxy / k.cxx : 0;
      return { intercept: k.my - slope * k.mx, slope };
    },
  };
}
