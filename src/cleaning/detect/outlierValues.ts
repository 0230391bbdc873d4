import { isNumericType } from '../../shared/catalog.js';
import { flagOutliers, iqrFences, madFences, sortedFinite } from '../outliers.js';
import { toNumber } from '../steps/params.js';
import { shareOf, type ColumnInput, type Finding } from './types.js';

/**
 * Outliers of a numeric column: one finding per column. Tukey's IQR fences (k = 1.5) are the
 * report's method; median/MAD (z = 3.5) stands in when the IQR flags nothing (a column whose
 * middle half is one value), and how many each method flags is kept in the details.
 */
export function detectOutliers(col: ColumnInput): Finding[] {
  if (!isNumericType(col.type)) return [];
  const values = col.values.map(toNumber);
  const n = sortedFinite(values).length;
  if (n < 8) return [];
  const methods = [
    { method: 'iqr' as const, fences: iqrFences(values, 1.5), params: { k: 1.5 } },
    { method: 'mad' as const, fences: madFences(values, 3.5), params: { z: 3.5 } },
  ].map((m) => {
    const flags = flagOutliers(values, m.fences);
    return { ...m, hits: values.filter((_, i) => flags[i]) as number[] };
  });
  const chosen = methods.find((m) => m.hits.length > 0);
  if (!chosen) return [];
  const { method, fences, params, hits } = chosen;
  const extreme = [...hits].sort((a, b) => Math.abs(b) - Math.abs(a)).slice(0, 5);
  return [{
    kind: 'outliers',
    column: col.name,
    count: hits.length,
    share: shareOf(hits.length, col.values.length),
    examples: extreme.map((v) => ({ value: String(v), count: 1 })),
    message: `${hits.length} value(s) of '${col.name}' lie outside [${fences.lower.toPrecision(6)}, ${fences.upper.toPrecision(6)}] (${method === 'iqr' ? 'IQR fences' : 'median/MAD'})`,
    fix: { step: 'handleOutliers', params: { column: col.name, method, ...params, action: 'flag' } },
    details: { method, lower: fences.lower, upper: fences.upper, flaggedBy: Object.fromEntries(methods.map((m) => [m.method, m.hits.length])) },
  }];
}
