import { isMissing } from '../nulls.js';
import type { KeepPolicy, Row } from './types.js';

/** Cells of a row that hold a value (not null, NaN or a disguised null). */
export function completeness(row: Row): number {
  let n = 0;
  for (const k in row) if (!isMissing(row[k])) n++;
  return n;
}

/**
 * The member of a group to keep. `first` / `last` follow `order` (sortable keys, e.g. a timestamp)
 * when given, else row position; `most_complete` keeps the row with the most values, ties to the first.
 */
export function chooseKept(group: readonly number[], policy: KeepPolicy, rows: readonly Row[], order?: readonly (number | string | null)[]): number {
  const before = (a: number, b: number): boolean => {
    if (order) {
      const x = order[a] ?? null;
      const y = order[b] ?? null;
      // Null order keys sort last, as NULLS LAST does.
      if (x !== y) return y === null ? x !== null : x === null ? false : x < y;
    }
    return a < b;
  };
  let best = group[0]!;
  for (const i of group.slice(1)) {
    switch (policy) {
      case 'first':
        if (before(i, best)) best = i;
        break;
      case 'last':
        if (before(best, i)) best = i;
        break;
      case 'most_complete': {
        const ci = completeness(rows[i]!);
        const cb = completeness(rows[best]!);
        if (ci > cb || (ci === cb && before(i, best))) best = i;
        break;
      }
    }
  }
  return best;
}

/** Positions to delete: every member of every group except its kept one, ascending. */
export function rowsToDelete(groups: readonly { rows: readonly number[]; kept: number }[]): number[] {
  const out: number[] = [];
  for (const g of groups) for (const r of g.rows) if (r !== g.kept) out.push(r);
  return out.sort((a, b) => a - b);
}
