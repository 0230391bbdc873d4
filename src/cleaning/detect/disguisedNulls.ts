import { isDisguisedNull } from '../nulls.js';
import { shareOf, topExamples, type ColumnInput, type Finding } from './types.js';

/** Text cells that mean "no value" ("", "N/A", "-", "null", "none", "?", "unknown", spaces); fix: map them to null. */
export function detectDisguisedNulls(col: ColumnInput): Finding[] {
  const counts = new Map<string, number>();
  let n = 0;
  for (const v of col.values) {
    if (!isDisguisedNull(v)) continue;
    counts.set(v as string, (counts.get(v as string) ?? 0) + 1);
    n++;
  }
  if (n === 0) return [];
  return [
    {
      kind: 'disguised_nulls',
      column: col.name,
      count: n,
      share: shareOf(n, col.values.length),
      examples: topExamples(counts),
      message: `${n} value(s) of '${col.name}' stand for a missing value (${[...counts.keys()].slice(0, 5).map((k) => JSON.stringify(k)).join(', ')})`,
      fix: { step: 'standardizeValues', params: { column: col.name, method: 'mapping', mapping: Object.fromEntries([...counts.keys()].map((k) => [k, null])) } },
    },
  ];
}
