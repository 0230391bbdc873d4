/**
 * Evidence of a run: a burst (a surge of orders over a few hours, a few hot days) is several
 * points each moderately out on one side, none past the band alone. Their one-step errors, each
 * in scales of the band, are combined as Stouffer's z, Σz/√n: n points at z each carry the
 * evidence of one point at z·√n (three points 2.6 scales out carry that of one 4.5 out). Where
 * the model leaves its errors correlated (a smooth series it follows a step late), errors come in
 * runs anyway: the sum is then scaled by its own spread under that correlation (see
 * sumSpread), so only runs the series does not make by habit alert. Once the run reaches the
 * threshold it alerts, once; a point that alerts by itself marks its run as alerted, so a level
 * shift or a spike is not told twice. The other way round too: a point past the band that extends
 * a run already alerted by its evidence continues that episode and is not told again (see
 * continuesAlertedRun). Points past the band one after another still alert each (up to a level
 * shift's acceptance, or one per empty bucket): that is the band's business, not the run's.
 */

/** A point at least this share of the threshold out joins (or extends) a run: 2 scales at the default 4.5. */
export const JOIN_SHARE = 0.45;
/** Points a run needs before its evidence may alert (one point alone is the band's business). */
export const MIN_RUN = 2;

/** The run of consecutive points out on one side. */
export interface RunEvidence {
  side: number;
  n: number;
  /** Σ z over the run's points. */
  sum: number;
  /** The run has alerted (by its evidence, or one of its points by itself). */
  alerted: boolean;
  /** The run has alerted by its evidence (absent in older states). */
  byEvidence?: boolean;
}

export const noRun = (): RunEvidence => ({ side: 0, n: 0, sum: 0, alerted: false, byEvidence: false });

/**
 * True when a point with standardized error `z` would extend a run that has already alerted by its
 * evidence: a point past the band then is the same episode going on, not a second one (a burst's
 * alert followed by one of its points past the band was told twice).
 */
export function continuesAlertedRun(run: RunEvidence, z: number, threshold: number): boolean {
  return run.byEvidence === true && run.side === Math.sign(z) && Math.abs(z) >= JOIN_SHARE * threshold;
}

/** Highest lag-one correlation of the errors credited (past it a run is the series' habit all the same). */
const MAX_RHO = 0.95;

/**
 * Errors are clipped at this many robust scales (1.4826 × the median absolute error) before their
 * correlation is read. A product-moment correlation is ruled by its largest terms: one earlier
 * episode of two big errors in a row (a level's first points, a burst the band took) made a
 * series' errors look habitually correlated for the whole window, and a later run's evidence was
 * discounted for it. Clipped (a Huber-type winsorized correlation), the big pair counts as much as
 * any two errors a little past 2 scales, and a habit of runs shows in the ordinary errors.
 */
const CORRELATION_CLIP = 2;

/**
 * The lag-one correlation of the recent one-step errors (oldest first), 0 when negative: a
 * positive one means errors come in runs by habit. Read on the errors clipped at CORRELATION_CLIP
 * robust scales.
 */
export function lagOneCorrelation(raw: readonly number[]): number {
  const c = (CORRELATION_CLIP * 1.4826 * medianAbs(raw)) || Infinity;
  const errors = raw.map((e) => Math.max(-c, Math.min(c, e)));
  let num = 0;
  let den = 0;
  for (let i = 0; i < errors.length; i++) {
    den += errors[i]! * errors[i]!;
    if (i > 0) num += errors[i]! * errors[i - 1]!;
  }
  return den > 0 ? Math.min(MAX_RHO, Math.max(0, num / den)) : 0;
}

/**
 * The spread (in scales) of a sum of n errors with lag-one correlation rho, as an AR(1):
 * √(n + 2 Σₖ₌₁ⁿ⁻¹ (n−k) ρᵏ), in closed form so a long run costs O(1) a point (the sum was a loop
 * over the run): Σₖ₌₁ⁿ⁻¹ (n−k) ρᵏ = ρ (n (1−ρ) − (1−ρⁿ)) / (1−ρ)², and rho stays at most MAX_RHO,
 * well away from 1.
 */
export function sumSpread(n: number, rho: number): number {
  if (n <= 1 || rho === 0) return Math.sqrt(Math.max(n, 0));
  const q = 1 - rho;
  const lagged = (rho * (n * q - (1 - Math.pow(rho, n)))) / (q * q);
  return Math.sqrt(n + 2 * lagged);
}

/**
 * Adds a point's standardized error `z` to the run (mutates `run`). A point on the other side,
 * or nearer than JOIN_SHARE of the threshold, ends it. Returns the run's evidence when it reaches
 * the threshold for the first time at this point, else null. `rho` gives the errors' lag-one
 * correlation (asked only when a run could alert).
 */
export function extendRun(run: RunEvidence, z: number, threshold: number, rho: () => number = () => 0): number | null {
  const side = Math.sign(z);
  if (Math.abs(z) < JOIN_SHARE * threshold) {
    Object.assign(run, noRun());
    return null;
  }
  if (side !== run.side) Object.assign(run, { side, n: 0, sum: 0, alerted: false, byEvidence: false });
  run.n++;
  run.sum += z;
  if (run.alerted || run.n < MIN_RUN || Math.abs(run.sum) / Math.sqrt(run.n) < threshold) return null;
  const evidence = run.sum / sumSpread(run.n, rho());
  if (Math.abs(evidence) < threshold) return null;
  run.alerted = true;
  run.byEvidence = true;
  return evidence;
}

/** The median of the absolute values (0 for none). */
function medianAbs(values: readonly number[]): number {
  if (!values.length) return 0;
  const a = values.map(Math.abs).sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m]! : (a[m - 1]! + a[m]!) / 2;
}
