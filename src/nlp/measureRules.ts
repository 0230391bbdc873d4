// Rules that reshape a measure after it is chosen: rows that stand for many, percentages said
// against a column of fractions, the extreme a column's own name asks for, and total rows.
import type { CatalogDataset } from '../shared/catalog.js';
import { measureName, type Aggregation, type Filter, type InsightQuery, type Measure } from '../insights/insightQuery.js';
import type { Analysis, ColumnMention } from './analyze.js';
import { splitLabel } from './vocabulary.js';
import { countColumn } from './dateParts.js';

/** Rows that stand for many (a count column): a count of rows is the sum of that column. */
export function countsAreSums(ds: CatalogDataset, q: InsightQuery, notes: string[]): void {
  const cc = countColumn(ds);
  if (!cc || !q.measures.some((m) => m.agg === 'count' && !m.column)) return;
  const renamed = new Map<string, string>();
  q.measures = q.measures.map((m) => {
    if (m.agg !== 'count' || m.column) return m;
    const s: Measure = { column: cc.name, agg: 'sum' };
    renamed.set(measureName(m), measureName(s));
    return s;
  });
  q.orderBy = q.orderBy.map((o) => (renamed.has(o.field) ? { ...o, field: renamed.get(o.field)! } : o));
  notes.push(`counted by summing ${cc.label}: each row stands for that many`);
}

/** "above 18%" on a column holding fractions (0.15 for 15%): the number is scaled to the column. */
export function percentScale(a: Analysis, c: Analysis['conditions'][number]): number {
  const said = a.tokens.slice(c.start, c.end).some((t) => t.percent || t.key === '%' || t.key === 'percent');
  const max = c.column?.stats?.max;
  return said && typeof max === 'number' && max <= 1 ? 0.01 : 1;
}

/**
 * A column with a total row ("All regions") counts everything twice when summed over: split by it,
 * the total row is left out; not split or filtered by it, only the total row is read.
 */
export function addTotalsFilter(a: Analysis, q: InsightQuery, byColumn: Map<string, { vals: string[]; negated: boolean }>, filters: Filter[], notes: string[]): void {
  for (const [column, total] of a.vocab.totals) {
    if (byColumn.has(column) || a.conditions.some((c) => c.column?.name === column)) continue;
    if (q.dimensions.includes(column)) {
      filters.push({ column, op: 'neq', value: total });
      notes.push(`left out '${total}', the total of ${column}`);
    } else if (q.dimensions.length <= 3) {
      filters.push({ column, op: 'eq', value: total });
      notes.push(`read the '${total}' rows, which hold the totals of ${column}`);
    }
  }
}


/**
 * "maximum pressure" naming a column whose label says the same end (pressure_max), with no other
 * aggregation named: the extreme of that column, not its average.
 */
export function extremeOf(m: ColumnMention): Aggregation | undefined {
  if (m.link.start < 0) return undefined;
  const said = m.link.text.split(' ');
  const label = [...splitLabel(m.column.label), ...splitLabel(m.column.name)];
  const hi = ['max', 'maximum', 'highest'];
  const lo = ['min', 'minimum', 'lowest'];
  if (said.some((w) => hi.includes(w)) && label.some((w) => hi.includes(w))) return 'max';
  if (said.some((w) => lo.includes(w)) && label.some((w) => lo.includes(w))) return 'min';
  return undefined;
}

/**
 * A breakdown by a column whose text marks missing values ("NA" in a file written by R): those rows
 * have no group to show, so they are left out, as empty cells would be, and the answer says so.
 */
export function addMissingFilter(a: Analysis, q: InsightQuery, byColumn: Map<string, { vals: string[]; negated: boolean }>, filters: Filter[], notes: string[]): void {
  for (const column of q.dimensions) {
    const missing = a.vocab.missing.get(column);
    if (!missing || byColumn.has(column)) continue;
    filters.push(missing.length === 1 ? { column, op: 'neq', value: missing[0]! } : { column, op: 'not_in', values: missing });
    notes.push(`left out the rows where ${column} is ${missing.map((m) => `'${m}'`).join(' or ')} (no value)`);
  }
}
