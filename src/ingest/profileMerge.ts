import type { ColumnStats, TopValue } from '../shared/catalog.js';

/** Datasets smaller than this are re-profiled whole after an append (it costs little). */
export const MERGE_MIN_ROWS = 100_000;
/** Appended rows since the last whole profile, as a share of the rows it saw, before profiling whole again. */
export const MERGE_MAX_SHARE = 0.1;

/**
 * True when an append may merge the batch's profile into the dataset's instead of profiling the
 * whole table again: the dataset is large, and the rows appended since its last whole profile,
 * this batch included, stay a small share of the rows that profile saw.
 */
export function canMergeProfile(rows: number, appendedSinceProfile: number, batchRows: number): boolean {
  const profiled = rows - appendedSinceProfile;
  return rows >= MERGE_MIN_ROWS && appendedSinceProfile + batchRows <= MERGE_MAX_SHARE * profiled;
}

/**
 * A column's profile after appending a batch, from the dataset's profile and the batch's. Counts,
 * nulls, range, mean, standard deviation (pooled), integral and non-negative shares, text length
 * and time range merge exactly. Top values add up (a value outside both lists may be undercounted).
 * The distinct count is estimated: the batch adds distinct values in the proportion the dataset
 * already has them, from none (a category) to all (an identifier). Quantiles and grain are kept:
 * a batch this small cannot move them far, and the next whole profile recomputes them.
 */
export function mergeColumnStats(old: ColumnStats, batch: ColumnStats, oldRows: number, batchRows: number): ColumnStats {
  const n1 = oldRows - old.nullCount;
  const n2 = batchRows - batch.nullCount;
  const n = n1 + n2;
  if (n2 === 0) return { ...old, nullCount: old.nullCount + batch.nullCount };
  if (n1 === 0) return { ...batch, nullCount: old.nullCount + batch.nullCount, distinctApprox: batch.distinctApprox };
  const weighted = (a: number | null | undefined, b: number | null | undefined): number | null => (a == null ? (b ?? null) : b == null ? a : (n1 * a + n2 * b) / n);
  const distinctShare = Math.min(1, old.distinctCount / n1);
  return {
    nullCount: old.nullCount + batch.nullCount,
    distinctCount: Math.min(n, Math.max(old.distinctCount, batch.distinctCount, Math.round(old.distinctCount + batch.distinctCount * distinctShare))),
    distinctApprox: true,
    min: pick(old.min, batch.min, Math.min),
    max: pick(old.max, batch.max, Math.max),
    mean: weighted(old.mean, batch.mean),
    stddev: pooledStddev(n1, old.mean, old.stddev, n2, batch.mean, batch.stddev),
    quantiles: old.quantiles,
    topValues: mergeTopValues(old.topValues, batch.topValues),
    minTime: pick(old.minTime, batch.minTime, (a, b) => (a <= b ? a : b)),
    maxTime: pick(old.maxTime, batch.maxTime, (a, b) => (a >= b ? a : b)),
    grain: old.grain ?? batch.grain,
    integralShare: weighted(old.integralShare, batch.integralShare),
    nonNegative: old.nonNegative === null ? batch.nonNegative : batch.nonNegative === null ? old.nonNegative : old.nonNegative && batch.nonNegative,
    ...(old.avgLength !== undefined || batch.avgLength !== undefined ? { avgLength: weighted(old.avgLength, batch.avgLength) } : {}),
  };
}

function pick<T>(a: T | null, b: T | null, f: (x: T, y: T) => T): T | null {
  return a === null ? b : b === null ? a : f(a, b);
}

/** Sample standard deviation of two groups together, from each group's count, mean and sample standard deviation. */
function pooledStddev(n1: number, m1: number | null, s1: number | null, n2: number, m2: number | null, s2: number | null): number | null {
  if (m1 === null || m2 === null) return s1 ?? s2;
  const n = n1 + n2;
  if (n < 2) return null;
  const ss1 = n1 > 1 && s1 !== null ? (n1 - 1) * s1 * s1 : 0;
  const ss2 = n2 > 1 && s2 !== null ? (n2 - 1) * s2 * s2 : 0;
  const between = ((n1 * n2) / n) * (m1 - m2) ** 2;
  return Math.sqrt((ss1 + ss2 + between) / (n - 1));
}

function mergeTopValues(a: TopValue[] | null, b: TopValue[] | null): TopValue[] | null {
  if (!a || !b) return a ?? b;
  const counts = new Map(a.map((t) => [t.value, t.count]));
  for (const t of b) counts.set(t.value, (counts.get(t.value) ?? 0) + t.count);
  // Same order as the profiler: count descending, then value.
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0))
    .slice(0, Math.max(a.length, b.length));
}
