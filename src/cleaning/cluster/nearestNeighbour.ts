import { jaroWinkler, levenshteinSimilarity } from '../../shared/fuzzy.js';
import { forEachCandidatePair, type BlockingPass } from './blocking.js';
import { buildClusters } from './buildClusters.js';
import { frequencyAllows, guardSignature, mayMerge, type GuardSignature } from './guards.js';
import { comparable } from './keys.js';
import type { Cluster, ValueCount } from './types.js';
import { GuardedUnionFind } from './unionFind.js';

export type DistanceMetric = 'levenshtein' | 'jaro_winkler';

export interface NearestNeighbourOptions {
  metric: DistanceMetric;
  /** Similarity in (0, 1] two values need to merge (Levenshtein: 1 − distance / longer length). */
  threshold: number;
  /** Blocking passes; default n-gram blocks (n = 4) plus sorted neighbourhood on the fingerprint. */
  blocking?: readonly BlockingPass[];
  /** Frequency evidence: the commoner value must be this many times as frequent (default 2; 1 turns it off). */
  minCountRatio?: number;
}

/** Default frequency ratio for fuzzy merges (see `frequencyAllows`). */
export const DEFAULT_COUNT_RATIO = 2;

/** Default blocking for value clustering: shared 4-grams (capped) and a sorted-fingerprint window. */
export const VALUE_BLOCKING: readonly BlockingPass[] = [
  { kind: 'ngrams', n: 4, maxBlockSize: 200 },
  { kind: 'sorted', key: 'fingerprint', window: 6 },
];

/** Similarity of two comparable strings under a metric. */
export function similarity(metric: DistanceMetric, a: string, b: string, floor = 0): number {
  return metric === 'levenshtein' ? levenshteinSimilarity(a, b, floor) : jaroWinkler(a, b);
}

/**
 * OpenRefine nearest-neighbour clustering with blocking: values whose similarity reaches the
 * threshold and that the guards allow are linked; linked components become clusters.
 */
export function clusterByDistance(values: readonly ValueCount[], opts: NearestNeighbourOptions): Cluster[] {
  if (!(opts.threshold > 0 && opts.threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${opts.threshold}`);
  const ratio = opts.minCountRatio ?? DEFAULT_COUNT_RATIO;
  const texts = values.map((v) => comparable(v.value));
  const sigs: (GuardSignature | undefined)[] = new Array(values.length);
  const sig = (i: number): GuardSignature => (sigs[i] ??= guardSignature(values[i]!.value));
  const uf = new GuardedUnionFind(values.length, (a, b) => mayMerge(sig(a), sig(b)));
  const visit = (i: number, j: number): void => {
    if (uf.same(i, j)) return;
    if (!frequencyAllows(values[i]!.count, values[j]!.count, ratio)) return;
    if (similarity(opts.metric, texts[i]!, texts[j]!, opts.threshold) < opts.threshold) return;
    uf.tryUnion(i, j);
  };
  for (const pass of opts.blocking ?? VALUE_BLOCKING) forEachCandidatePair(texts, pass, visit);
  return buildClusters(values, uf.groups(), opts.metric);
}
