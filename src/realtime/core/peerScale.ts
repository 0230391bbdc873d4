import { mad, median, variance } from '../../models/math/stats.js';

/**
 * What ROW_ZSCORE keeps across all segments: the latest own scales of up to PRIOR_SEGMENTS segments
 * that have PRIOR_POINTS values or more (the first to come in go first; bounded state). Their
 * median is the typical segment's scale. One entry per segment, so a run of one segment's events
 * moves it no more than one segment's worth.
 */
export interface PeerPrior {
  segments: string[];
  scales: number[];
}

/**
 * Points a segment's own scale must have behind it to weigh as much as the typical segment's:
 * the default warmup of ROW_ZSCORE, so a segment just out of warmup takes the geometric middle.
 * Segments with this many values inform the typical scale.
 */
export const PRIOR_POINTS = 20;
/** Segments whose scales make up the typical one; past it the one recorded first is forgotten. */
export const PRIOR_SEGMENTS = 64;

export const newPeerPrior = (): PeerPrior => ({ segments: [], scales: [] });

/** A segment's own robust scale: 1.4826 · MAD about `center`, the standard deviation when more than half the values tie. */
export function ownScale(values: readonly number[], center: number): number {
  const s = 1.4826 * mad(values, center);
  return s > 0 ? s : Math.sqrt(variance(values));
}

/** Records a segment's own scale as its entry in the prior; a new segment past the cap replaces the oldest entry. */
export function notePeerScale(prior: PeerPrior, segment: string, scale: number): void {
  if (!(scale > 0) || !Number.isFinite(scale)) return;
  const i = prior.segments.indexOf(segment);
  if (i >= 0) {
    prior.scales[i] = scale;
    return;
  }
  prior.segments.push(segment);
  prior.scales.push(scale);
  if (prior.segments.length > PRIOR_SEGMENTS) {
    prior.segments.shift();
    prior.scales.shift();
  }
}

/** The typical segment's scale: the median of the recorded ones (0 with none). */
export function priorScale(prior: PeerPrior | undefined): number {
  return prior && prior.scales.length ? median(prior.scales) : 0;
}

/**
 * The scale a segment's value is judged in: its own robust scale, shrunk toward the typical
 * segment's scale `typical` while the segment is small. The shrinkage is geometric (scales
 * multiply: with n values, own scale s and typical g, s^(n/(n+k)) · g^(k/(n+k)), k = PRIOR_POINTS)
 * and only ever widens: a few values that happen to sit close together must not make a new
 * segment look tighter than segments usually are (the false alerts of small segments), while a
 * segment whose own history is wide keeps its width. With hundreds of values its own scale
 * dominates (at 200, a segment ten times tighter than the typical one is judged 1.23 times wider).
 */
export function segmentScale(values: readonly number[], own: number, typical: number): number {
  if (!(typical > own)) return own;
  if (!(own > 0)) return typical;
  const w = values.length / (values.length + PRIOR_POINTS);
  return Math.exp(w * Math.log(own) + (1 - w) * Math.log(typical));
}
