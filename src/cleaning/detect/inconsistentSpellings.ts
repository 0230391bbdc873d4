import { clusterValues } from '../cluster/clusterValues.js';
import { clustersToMapping } from '../cluster/buildClusters.js';
import { countValues, type ClusterMethod, type ValueCount } from '../cluster/types.js';
import { isMissing } from '../nulls.js';
import { shareOf, type ColumnInput, type Finding } from './types.js';

/** A text column is categorical when its distinct values are at most this share of its values. */
export const CATEGORICAL_SHARE = 0.5;

/** True when a text column looks like a category (few distinct values, or the dimension role). */
export function isCategorical(col: ColumnInput, distinct: number, present: number): boolean {
  if (col.role === 'dimension') return true;
  if (col.role === 'identifier' || col.role === 'text') return false;
  return present > 0 && distinct <= CATEGORICAL_SHARE * present;
}

/**
 * Inconsistent spellings of one category ("New York", "new york ", "N.Y." / "NY"): fingerprint
 * clusters first, then Levenshtein clusters of what remains, one finding per method with its fix.
 */
export function detectInconsistentSpellings(col: ColumnInput, methods: readonly ClusterMethod[] = ['fingerprint', 'levenshtein']): Finding[] {
  if (col.type !== 'text') return [];
  let values: ValueCount[] = countValues(col.values.filter((v) => !isMissing(v)));
  const present = values.reduce((n, v) => n + v.count, 0);
  if (!isCategorical(col, values.length, present)) return [];
  const findings: Finding[] = [];
  const original = values;
  for (const method of methods) {
    // Clusters left after the previous methods' fixes decide whether this method has anything new to say...
    const fresh = clusterValues(values, method);
    if (fresh.length === 0) continue;
    // ...but its figures are what its own fix does to the column as it is now (the preview's count).
    const clusters = values === original ? fresh : clusterValues(original, method);
    const changed = clusters.reduce((n, c) => n + c.changedRows, 0);
    const overlap = values === original ? 0 : changed - fresh.reduce((n, c) => n + c.changedRows, 0);
    findings.push({
      kind: 'inconsistent_spellings',
      column: col.name,
      count: changed,
      share: shareOf(changed, col.values.length),
      examples: fresh.slice(0, 5).map((c) => ({ value: `${c.canonical} ← ${c.values.filter((v) => v.value !== c.canonical).slice(0, 3).map((v) => JSON.stringify(v.value)).join(', ')}`, count: c.changedRows })),
      message: `${clusters.length} value(s) of '${col.name}' have variant spellings (${method}); merging them changes ${changed} row(s)` +
        (overlap > 0 ? `, ${overlap} of them also merged by the ${findings.map((f) => f.details?.method).join(' and ')} fix` : ''),
      fix: { step: 'standardizeValues', params: { column: col.name, method } },
      details: { method, clusters: clusters.slice(0, 20), ...(overlap > 0 ? { alsoMergedByEarlierFixes: overlap } : {}) },
    });
    // The next method sees the values as they would be after this fix.
    const mapping = clustersToMapping(fresh);
    const merged = new Map<string, number>();
    for (const v of values) merged.set(mapping.get(v.value) ?? v.value, (merged.get(mapping.get(v.value) ?? v.value) ?? 0) + v.count);
    values = [...merged].map(([value, count]) => ({ value, count }));
  }
  return findings;
}
