import type { DetectorKind } from './types.js';

/**
 * How verdicts on alerts move a segment's threshold (the documented rule).
 *
 * Each segment carries a multiplier m on the detector's threshold, starting at 1. A verdict moves
 * it multiplicatively, a stochastic-approximation step toward the target precision P:
 *
 *   FALSE_POSITIVE:  m ← m · exp(η · P)
 *   TRUE_POSITIVE:   m ← m · exp(−η · (1 − P))
 *
 * At a fixed point the expected step is zero, which happens exactly when the share of confirmed
 * alerts is P. m stays within [1, MAX_MULTIPLIER]: confirmed alerts bring a backed-off segment
 * back toward the configured sensitivity but never past it, so a detector whose alerts are
 * confirmed keeps its sensitivity, and one whose alerts are dismissed backs off.
 */
export const TARGET_PRECISION = 0.8;
export const STEP = 0.25;
export const MAX_MULTIPLIER = 4;

export type Verdict = 'TRUE_POSITIVE' | 'FALSE_POSITIVE';

/**
 * The threshold in force for a segment whose multiplier is m. Scores in z units and counts are
 * compared with threshold · m. FIRST_SEEN's score is a surprise (−log10 of a chance) whose default
 * threshold is 0 (every new value alerts), which no multiple would move: there the multiplier
 * scales the threshold plus one, (threshold + 1) · m − 1, so dismissed alerts raise the surprise a
 * value needs (at m = 4 from 0 to 3: a value with under a 1-in-1,000 chance), and m = 1 leaves the
 * configured threshold as it is.
 */
export function thresholdInForce(kind: DetectorKind, threshold: number, m: number): number {
  return kind === 'FIRST_SEEN' ? (threshold + 1) * m - 1 : threshold * m;
}

/** The segment's multiplier after one verdict. */
export function nextMultiplier(m: number, verdict: Verdict, target = TARGET_PRECISION, step = STEP): number {
  const next = verdict === 'FALSE_POSITIVE' ? m * Math.exp(step * target) : m * Math.exp(-step * (1 - target));
  return Math.min(MAX_MULTIPLIER, Math.max(1, next));
}
