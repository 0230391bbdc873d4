import { isNumericType } from '../../shared/catalog.js';
import { flagOutliers, iqrFences, madFences, sortedFinite } from '../outliers.js';
import { toNumber } from '../steps/params.js';
import { shareOf, type ColumnInput, type Finding } from './types.js';

/** Outliers of a numeric column by Tukey's IQR fences (k = 1.5) and by median/MAD (z = 3.5); one finding per method that flags any. */
export function detectOutliers(col: ColumnInput): Finding[] {
  if (!isNumericType(col.type)) return [];
  const values = col.values.map(toNumber);
  const n = sortedFinite(values).length;
  if (n < 8) return [];
  const findings: Finding[] = [];
  const methods = [
    { method: 'iqr' as const, fences: iqrFences(values, 1.5), params: { k: 1.5 } },
    { method: 'mad' as const, fences: madFences(values, 3.5), params: { z: 3.5 } },
  ];
  for (const { method, fences, params } of methods) {
    const flags = flagOutliers(values, fences);
    const hits = values.filter((_, i) => flags[i]) as number[];
    if (hits.length === 0) continue;
    const extreme = [...hits].sort((a, b) => Math.abs(b) - Math.abs(a)).slice(0, 5);
    findings.push({
      kind: 'outliers',
      column: col.name,
      count: hits.length,
      share: shareOf(hits.length, col.values.length),
      examples: extreme.map((v) => ({ value: String(v), count: 1 })),
      message: `${hits.length} value(s) of '${col.name}' lie outside [${fences.lower.toPrecision(6)}, ${fences.upper.toPrecision(6)}] (${method === 'iqr' ? 'IQR fences' : 'median/MAD'})`,
      fix: { step: 'handleOutliers', params: { column: col.name, method, ...params, action: 'flag' } },
      details: { method, lower: fences.lower, upper: fences.upper },
    });
  }
  return findings;
}
