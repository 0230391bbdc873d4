/** One cell a step changes: the column and its value before and after. */
export interface CellChange {
  column: string;
  before: unknown;
  after: unknown;
}

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * The cells that differ between a row before and after a step: changed values, dropped columns
 * (after undefined) and added ones (before undefined). A removed row (after null) has none: the
 * whole row goes.
 */
export function changedCells(before: Record<string, unknown> | null, after: Record<string, unknown> | null): CellChange[] {
  if (!before || !after) return [];
  const out: CellChange[] = [];
  for (const [column, b] of Object.entries(before)) {
    const a = Object.hasOwn(after, column) ? after[column] : undefined;
    if (!same(b, a)) out.push({ column, before: b, after: a });
  }
  for (const [column, a] of Object.entries(after)) if (!Object.hasOwn(before, column)) out.push({ column, before: undefined, after: a });
  return out;
}
