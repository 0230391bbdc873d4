import { jaroWinkler } from '../../shared/fuzzy.js';
import { comparable } from './keys.js';
import type { Cluster, ClusterMethod, ValueCount } from './types.js';

/** Turns groups of value indices into clusters: members by count, canonical = most frequent, scored. */
export function buildClusters(values: readonly ValueCount[], groups: readonly number[][], method: ClusterMethod): Cluster[] {
  const clusters: Cluster[] = [];
  for (const g of groups) {
    if (g.length < 2) continue;
    // Ties go to the value that sorts first, so the choice does not depend on input order.
    const members = g.map((i) => values[i]!).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    const canonical = members[0]!.value;
    const canon = comparable(canonical);
    const rowCount = members.reduce((n, m) => n + m.count, 0);
    const score = members.slice(1).reduce((s, m) => s + jaroWinkler(canon, comparable(m.value)), 0) / (members.length - 1);
    clusters.push({ values: members, canonical, rowCount, changedRows: rowCount - members[0]!.count, score, method });
  }
  return clusters.sort((a, b) => b.rowCount - a.rowCount || (a.canonical < b.canonical ? -1 : 1));
}

/** Mapping from every non-canonical member to its cluster's canonical value. */
export function clustersToMapping(clusters: readonly Cluster[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of clusters) for (const v of c.values) if (v.value !== c.canonical) m.set(v.value, c.canonical);
  return m;
}
