// Month names and the tables that hold one column per month ("JAN" … "DEC", a wide table). Pure.
import { isNumericType, primaryTimeColumn, type CatalogColumn, type CatalogDataset } from '../shared/catalog.js';

export const MONTH_NUMBER: Readonly<Record<string, number>> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7,
  august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};

/**
 * Numeric columns named for months, by month number, in a table without dates where at least six
 * months have a column: there a month said names its column, not a filter on dates.
 */
export function monthColumns(ds: CatalogDataset, split: (s: string) => string[]): Map<number, CatalogColumn> {
  const out = new Map<number, CatalogColumn>();
  if (primaryTimeColumn(ds)) return out;
  for (const c of ds.columns) {
    const w = split(c.name);
    const m = w.length === 1 && isNumericType(c.type) && Object.hasOwn(MONTH_NUMBER, w[0]!) ? MONTH_NUMBER[w[0]!] : undefined;
    if (m && !out.has(m)) out.set(m, c);
  }
  return out.size >= 6 ? out : new Map();
}
