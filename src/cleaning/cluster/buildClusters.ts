import { jaroWinkler } from '../../shared/fuzzy.js';
import { comparable } from './keys.js';
import type { Cluster, ClusterMethod, ValueCount } from './types.js';

/** Turns groups of value indices into clusters: members by count, canonical = most frequent, scored. */
export function buildClusters(values: readonly ValueCount[], groups: readonly number[][], method: ClusterMethod): Cluster[] {
  const clusters: Cluster[] = [];
  for (const g of groups) {
    if (g.length < 2) continue;
    const members = g.map((i) => values[i]!).sort(byPreference);
    const canonical = members[0]!.value;
    const canon = comparable(canonical);
    const rowCount = members.reduce((n, m) => n + m.count, 0);
    const score = members.slice(1).reduce((s, m) => s + jaroWinkler(canon, comparable(m.value)), 0) / (members.length - 1);
    clusters.push({ values: members, canonical, rowCount, changedRows: rowCount - members[0]!.count, score, method });
  }
  return clusters.sort((a, b) => b.rowCount - a.rowCount || (a.canonical < b.canonical ? -1 : 1));
}

/** True for a value without stray whitespace (no padding, no double spaces). */
export function isTidy(s: string): boolean {
  return s === s.trim() && !/\s{2}/.test(s);
}

/** Mixed case reads as the intended spelling more often than ALL CAPS or all lower. */
const isMixedCase = (s: string): boolean => s !== s.toLowerCase() && s !== s.toUpperCase();

/**
 * Canonical-value order: tidy values first (a padded variant never wins over a tidy one), then the
 * most frequent, then mixed case, then code-unit order so the choice does not depend on input order.
 */
export function byPreference(a: ValueCount, b: ValueCount): number {
  const tidy = Number(isTidy(b.value)) - Number(isTidy(a.value));
  if (tidy) return tidy;
  if (a.count !== b.count) return b.count - a.count;
  const mixed = Number(isMixedCase(b.value)) - Number(isMixedCase(a.value));
  if (mixed) return mixed;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** Mapping from every non-canonical member to its cluster's canonical value. */
export function clustersToMapping(clusters: readonly Cluster[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of clusters) for (const v of c.values) if (v.value !== c.canonical) m.set(v.value, c.canonical);
  return m;
}
