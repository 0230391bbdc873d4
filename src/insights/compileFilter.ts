import type { CatalogColumn } from '../shared/catalog.js';
import { assertNever } from '../shared/result.js';
import type { FilterValue } from './filterValues.js';
import { ident, join, raw, sql, value, type SqlFragment } from './sql.js';
import type { ResolvedCondition, ResolvedFilter } from './validate.js';

/**
 * WHERE clauses from resolved filters. Every value is bound with an explicit cast chosen from the
 * column's catalog type, so pg and PGlite infer nothing and a number compared with an integer
 * column never fails to parse (12.5 against an integer compares as numeric).
 */

/** The cast suffix (`::numeric`, `::timestamp[]`…) for binding `values` against `col`. */
export function castFor(col: CatalogColumn, values: readonly FilterValue[], array = false): SqlFragment {
  let t: string;
  switch (col.type) {
    case 'integer':
    case 'bigint':
      t = values.every((v) => typeof v === 'number' && Number.isSafeInteger(v)) ? 'int8' : 'numeric';
      break;
    case 'numeric':
      t = 'numeric';
      break;
    case 'double':
      t = 'float8';
      break;
    // A date column compares with a timestamp, so a bound with a time of day keeps its meaning.
    case 'date':
    case 'timestamp':
      t = 'timestamp';
      break;
    case 'boolean':
      t = 'boolean';
      break;
    case 'text':
      t = 'text';
      break;
    default:
      return assertNever(col.type, 'column type');
  }
  return raw(`::${t}${array ? '[]' : ''}`);
}

/** Escapes LIKE's metacharacters so a user's `%` or `_` matches itself (backslash is LIKE's default escape). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const COMPARISON = { eq: '=', neq: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

function compileCondition(c: ResolvedCondition): SqlFragment {
  const col = ident(c.column.name);
  const one = (): SqlFragment => sql`${value(c.values[0])}${castFor(c.column, c.values)}`;
  switch (c.op) {
    case 'eq':
    case 'neq':
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return sql`${col} ${raw(COMPARISON[c.op])} ${one()}`;
    case 'between':
      return sql`${col} BETWEEN ${value(c.values[0])}${castFor(c.column, c.values)} AND ${value(c.values[1])}${castFor(c.column, c.values)}`;
    case 'in':
      return sql`${col} = ANY(${value([...c.values])}${castFor(c.column, c.values, true)})`;
    case 'not_in':
      return sql`${col} <> ALL(${value([...c.values])}${castFor(c.column, c.values, true)})`;
    case 'contains':
      return sql`${col} ILIKE '%' || ${value(escapeLike(String(c.values[0])))}::text || '%'`;
    case 'starts_with':
      return sql`${col} ILIKE ${value(escapeLike(String(c.values[0])))}::text || '%'`;
    case 'ends_with':
      return sql`${col} ILIKE '%' || ${value(escapeLike(String(c.values[0])))}::text`;
    case 'is_null':
      return sql`${col} IS NULL`;
    case 'not_null':
      return sql`${col} IS NOT NULL`;
    default:
      return assertNever(c.op, 'filter operator');
  }
}

/** A boolean SQL expression for the filter tree (parenthesized where precedence matters). */
export function compileFilter(f: ResolvedFilter): SqlFragment {
  if ('and' in f) return f.and.length === 1 ? compileFilter(f.and[0]!) : sql`(${join(f.and.map((x) => compileFilter(x)), ' AND ')})`;
  if ('or' in f) return f.or.length === 1 ? compileFilter(f.or[0]!) : sql`(${join(f.or.map((x) => compileFilter(x)), ' OR ')})`;
  if ('not' in f) return sql`NOT (${compileFilter(f.not)})`;
  return compileCondition(f.cond);
}
