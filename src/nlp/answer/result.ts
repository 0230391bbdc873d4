/** Rows as the compiler returns them: one object per row, keyed by output column name. */
export interface ResultSet {
  columns: string[];
  rows: Record<string, unknown>[];
}

/** A cell as a number, or null when it is not one (pg returns numeric as strings). */
export function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Units-free number formatting with thousands separators: 1224.2 → "1,224.2". */
export function formatNumber(n: number): string {
  const abs = Math.abs(n);
  const digits = abs >= 1000 ? 1 : abs >= 10 ? 2 : abs >= 1 ? 2 : 3;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** The column of a compared measure's earlier value, whatever the compiler names it. */
export function previousColumn(columns: readonly string[], measure: string): string | undefined {
  return columns.find((c) => c !== measure && c.includes(measure) && /prev|previous|compare|prior|baseline/.test(c));
}
