import type { CatalogColumn } from '../shared/catalog.js';
import type { DatePart } from './datePart.js';
import { ident, sql, value, type SqlFragment } from './sql.js';
import type { ResolvedPartFilter } from './validate.js';

/**
 * SQL for date parts. The EXTRACT field is a literal written here per part, never input text.
 * A date column is cast to timestamp first (as bucketing does): EXTRACT(HOUR FROM date) is an
 * error on Postgres 14+, and a naive timestamp involves no time zone. The result is cast to int4
 * because EXTRACT returns numeric (pg hands numeric over as text, PGlite as a number).
 */

const PART_FIELD: Record<DatePart, SqlFragment> = {
  month: sql`MONTH`,
  // ISO numbering, 1 = Monday … 7 = Sunday (plain DOW would make Sunday 0).
  dow: sql`ISODOW`,
  hour: sql`HOUR`,
  quarter: sql`QUARTER`,
  day: sql`DAY`,
};

/** The part of `col` as an int4; `shift` (an interval) moves the time first, as comparisons do. */
export function partExpr(col: CatalogColumn, part: DatePart, shift: SqlFragment | null): SqlFragment {
  let t = col.type === 'date' ? sql`${ident(col.name)}::timestamp` : ident(col.name);
  if (shift) t = sql`${t} + ${shift}`;
  return sql`EXTRACT(${PART_FIELD[part]} FROM ${t})::int4`;
}

/** One condition per part filter, values bound as one int4 array each. */
export function partConditions(col: CatalogColumn, parts: readonly ResolvedPartFilter[]): SqlFragment[] {
  return parts.map((p) => sql`${partExpr(col, p.part, null)} = ANY(${value([...p.values])}::int4[])`);
}

