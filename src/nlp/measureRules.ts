// Rules that reshape a measure after it is chosen: rows that stand for many, and percentages
// said against a column of fractions.
import type { CatalogDataset } from '../shared/catalog.js';
import { measureName, type InsightQuery, type Measure } from '../insights/insightQuery.js';
import type { Analysis } from './analyze.js';
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
