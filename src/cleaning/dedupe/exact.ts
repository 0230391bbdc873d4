import { isNullish } from '../nulls.js';
import { chooseKept } from './keep.js';
import type { DuplicateGroup, KeepPolicy, Row } from './types.js';

/** Canonical text of a cell for hashing: type-tagged so 1 and "1" differ, as they do in SQL. */
function cellKey(v: unknown): string {
  if (isNullish(v)) return 'n';
  if (typeof v === 'number') return Number.isNaN(v) ? 'nan' : `d${v}`;
  if (typeof v === 'string') return `s${v.length}:${v}`;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (v instanceof Date) return `t${v.toISOString()}`;
  return `j${JSON.stringify(v)}`;
}

/** The row's identity over `columns` (all its own keys when omitted, in the given order). */
export function rowKey(row: Row, columns: readonly string[]): string {
  let k = '';
  for (const c of columns) k += `${cellKey(row[c])}|`;
  return k;
}

function groupBy(rows: readonly Row[], columns: readonly string[], skip: (row: Row) => boolean): number[][] {
  const byKey = new Map<string, number[]>();
  rows.forEach((row, i) => {
    if (skip(row)) return;
    const k = rowKey(row, columns);
    const g = byKey.get(k);
    if (g) g.push(i);
    else byKey.set(k, [i]);
  });
  return [...byKey.values()].filter((g) => g.length > 1);
}

/** Groups of rows equal on every column (or on `columns`): SQL's GROUP BY all columns HAVING count(*) > 1. */
export function findExactDuplicates(rows: readonly Row[], columns: readonly string[], keep: KeepPolicy = 'first', order?: readonly (number | string | null)[]): DuplicateGroup[] {
  return groupBy(rows, columns, () => false).map((g) => ({ rows: g, kept: chooseKept(g, keep, rows, order), score: 1 }));
}

/** Groups of rows sharing a key; rows with a null key part are never duplicates (NULL ≠ NULL, as in SQL). */
export function findDuplicateKeys(rows: readonly Row[], key: readonly string[], keep: KeepPolicy = 'first', order?: readonly (number | string | null)[]): DuplicateGroup[] {
  const nullKey = (row: Row): boolean => key.some((c) => isNullish(row[c]));
  return groupBy(rows, key, nullKey).map((g) => ({ rows: g, kept: chooseKept(g, keep, rows, order), score: 1 }));
}
