import { isMissing } from '../nulls.js';
import { shareOf, type ColumnInput, type Finding } from './types.js';

/** Missing share at or above which a column counts as almost empty. */
export const ALMOST_EMPTY_SHARE = 0.95;

/** Constant columns (one distinct value) and almost-empty columns (≥ 95 % missing, disguised nulls included); fix: drop. */
export function detectSparseColumns(col: ColumnInput): Finding[] {
  const total = col.values.length;
  if (total < 2) return [];
  const distinct = new Map<string, number>();
  let missing = 0;
  for (const v of col.values) {
    if (isMissing(v)) missing++;
    else {
      const k = typeof v === 'string' ? v : JSON.stringify(v);
      distinct.set(k, (distinct.get(k) ?? 0) + 1);
    }
  }
  const fix = { step: 'dropColumns' as const, params: { columns: [col.name] } };
  if (missing / total >= ALMOST_EMPTY_SHARE) {
    return [{
      kind: 'almost_empty_column', column: col.name, count: missing, share: shareOf(missing, total),
      examples: [...distinct].slice(0, 5).map(([value, count]) => ({ value, count })),
      message: `'${col.name}' is ${Math.round((100 * missing) / total)}% empty (${total - missing} value(s) in ${total} rows)`, fix,
    }];
  }
  if (distinct.size === 1) {
    const [value, count] = [...distinct][0]!;
    return [{
      kind: 'constant_column', column: col.name, count, share: shareOf(count, total), examples: [{ value, count }],
      message: `'${col.name}' holds one value (${JSON.stringify(value)})${missing ? ` and ${missing} missing` : ''}`, fix,
    }];
  }
  return [];
}
