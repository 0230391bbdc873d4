import type { BlockingPass } from './blocking.js';
import { clustersToMapping } from './buildClusters.js';
import { clusterByKey } from './keyCollision.js';
import { clusterByDistance } from './nearestNeighbour.js';
import type { Cluster, ClusterMethod, ValueCount } from './types.js';

export interface ClusterOptions {
  /** Nearest-neighbour methods: similarity in (0, 1]; default 0.8 (Levenshtein) or 0.92 (Jaro-Winkler). */
  threshold?: number;
  /** n-gram fingerprint size (default 2). */
  ngramSize?: number;
  /** Nearest-neighbour blocking passes. */
  blocking?: readonly BlockingPass[];
  /** Frequency evidence for fuzzy merges (see guards.ts `frequencyAllows`); 1 turns it off. */
  minCountRatio?: number;
}

/** Default similarity thresholds of the nearest-neighbour methods. */
export const DEFAULT_THRESHOLD = { levenshtein: 0.8, jaro_winkler: 0.92 } as const;

/** Clusters the distinct values of a column with one OpenRefine method. */
export function clusterValues(values: readonly ValueCount[], method: ClusterMethod, opts: ClusterOptions = {}): Cluster[] {
  switch (method) {
    case 'fingerprint':
    case 'ngram':
    case 'metaphone':
    case 'double_metaphone':
      return clusterByKey(values, method, { ngramSize: opts.ngramSize, minCountRatio: opts.minCountRatio });
    case 'levenshtein':
    case 'jaro_winkler':
      return clusterByDistance(values, {
        metric: method,
        threshold: opts.threshold ?? DEFAULT_THRESHOLD[method],
        ...(opts.blocking ? { blocking: opts.blocking } : {}),
        ...(opts.minCountRatio !== undefined ? { minCountRatio: opts.minCountRatio } : {}),
      });
  }
}

/**
 * Runs methods in sequence as an analyst does in OpenRefine: each method clusters the values left
 * after merging the previous method's clusters (e.g. fingerprint, then Levenshtein). Returns the
 * final value → canonical mapping and the clusters of every round.
 */
export function clusterInRounds(
  values: readonly ValueCount[],
  methods: readonly ClusterMethod[],
  opts: ClusterOptions = {},
): { mapping: Map<string, string>; clusters: Cluster[] } {
  const mapping = new Map<string, string>();
  const all: Cluster[] = [];
  let current = [...values];
  for (const method of methods) {
    const clusters = clusterValues(current, method, opts);
    all.push(...clusters);
    const step = clustersToMapping(clusters);
    // Re-point earlier merges at the new canonical value so the mapping stays one hop.
    for (const [from, to] of mapping) mapping.set(from, step.get(to) ?? to);
    for (const [from, to] of step) mapping.set(from, to);
    const merged = new Map<string, number>();
    for (const v of current) {
      const to = step.get(v.value) ?? v.value;
      merged.set(to, (merged.get(to) ?? 0) + v.count);
    }
    current = [...merged].map(([value, count]) => ({ value, count }));
  }
  return { mapping, clusters: all };
}
