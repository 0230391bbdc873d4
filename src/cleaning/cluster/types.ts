/** A distinct value of a column and how many rows hold it. */
export interface ValueCount {
  value: string;
  count: number;
}

export const CLUSTER_METHODS = ['fingerprint', 'ngram', 'metaphone', 'double_metaphone', 'levenshtein', 'jaro_winkler'] as const;
export type ClusterMethod = (typeof CLUSTER_METHODS)[number];

/** Variants judged to be one value. */
export interface Cluster {
  /** Members, canonical first. */
  values: ValueCount[];
  /** The value every member should become: the most frequent tidy one (see `byPreference`). */
  canonical: string;
  /** Rows covered by the cluster. */
  rowCount: number;
  /** Rows that would change if merged to the canonical value. */
  changedRows: number;
  /** Mean Jaro-Winkler similarity (folded) of the members to the canonical value, in [0, 1]. */
  score: number;
  method: ClusterMethod;
}

/** Counts the distinct string values of a column; nulls and non-strings other than numbers are skipped. */
export function countValues(values: readonly unknown[]): ValueCount[] {
  const counts = new Map<string, number>();
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
    if (s === null) continue;
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return [...counts].map(([value, count]) => ({ value, count }));
}
