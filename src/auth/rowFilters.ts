import { coerceFilterValue } from '../insights/filterValues.js';
import type { Filter, InsightQuery } from '../insights/insightQuery.js';
import type { CatalogDataset } from '../shared/catalog.js';
import type { RowFilter } from './principal.js';
import { quoteIdent } from '../warehouse/warehouse.js';

/**
 * A key's row filters as one more condition on a query, so every statement compiled for the key
 * (insight, ask, series, auto insights, exports) carries them. A filter on a column the dataset
 * lacks hides every row (fail closed): a filter that cannot be applied must never be dropped.
 * Values are matched as the column's own type by the compiler (bind parameters, never SQL text).
 */
export function withRowFilters(query: InsightQuery, ds: CatalogDataset, filters: readonly RowFilter[]): InsightQuery {
  if (!filters.length) return query;
  const conditions: Filter[] = filters.map((f) => rowCondition(ds, f));
  const all: Filter[] = query.filter ? [query.filter, ...conditions] : conditions;
  return { ...query, filter: { and: all } };
}

/** The condition for one row filter; a contradiction when the dataset has no such column. */
export function rowCondition(ds: CatalogDataset, f: RowFilter): Filter {
  const col = ds.columns.find((c) => c.name.toLowerCase() === f.column.toLowerCase());
  if (!col) return noRows(ds);
  try {
    coerceFilterValue(col, f.value);
  } catch {
    return noRows(ds); // "region=abc" on a numeric column matches nothing, rather than failing every query
  }
  return { column: col.name, op: 'eq', value: f.value };
}

/** A condition no row satisfies (IS NULL and IS NOT NULL on one column). */
function noRows(ds: CatalogDataset): Filter {
  const any = ds.columns[0]?.name;
  if (!any) return { and: [] as Filter[] };
  return { and: [{ column: any, op: 'is_null' }, { column: any, op: 'not_null' }] };
}

/**
 * The row filters as SQL for statements built outside the compiler (value lists): ` AND "col" = $n`
 * per filter, values as bind parameters from `firstParam` on; null when a filter names a column
 * the dataset lacks or a value its type cannot hold (no row may be shown).
 */
export function rowFilterSql(ds: CatalogDataset, filters: readonly RowFilter[], firstParam: number): { sql: string; values: unknown[] } | null {
  let sql = '';
  const values: unknown[] = [];
  for (const f of filters) {
    const col = ds.columns.find((c) => c.name.toLowerCase() === f.column.toLowerCase());
    if (!col) return null;
    let v: unknown;
    try {
      v = coerceFilterValue(col, f.value);
    } catch {
      return null;
    }
    sql += ` AND ${quoteIdent(col.name)} = $${firstParam + values.length}`;
    values.push(v);
  }
  return { sql, values };
}
