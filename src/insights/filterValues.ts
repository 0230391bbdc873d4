import { isNumericType, isTimeType, type CatalogColumn } from '../shared/catalog.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { FilterOp, ScalarValue } from './insightQuery.js';
import { formatInstant, parseIsoInstant } from './timeRange.js';

/**
 * Filter values checked and coerced to what the column holds, so a bad value is a clear client
 * error here rather than an "invalid input syntax" from Postgres later. Coerced values are plain
 * JS numbers, booleans and ISO strings, which every driver binds the same way.
 */

export type FilterValue = string | number | boolean;

const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

const mismatch = (col: CatalogColumn, v: unknown, expected: string): AppError =>
  new AppError(ErrorCode.TYPE_MISMATCH, `filter value ${JSON.stringify(v)} does not fit column '${col.name}' (${col.type}): expected ${expected}`, {
    column: col.name,
    type: col.type,
    value: v,
  });

/** The value coerced to the column's type; throws TYPE_MISMATCH naming column, type and value. */
export function coerceFilterValue(col: CatalogColumn, v: ScalarValue): FilterValue {
  if (isNumericType(col.type)) {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && NUMERIC_TEXT.test(v.trim())) {
      const n = Number(v.trim());
      if (Number.isFinite(n)) return n;
    }
    throw mismatch(col, v, 'a number');
  }
  if (isTimeType(col.type)) {
    if (typeof v !== 'string') throw mismatch(col, v, 'an ISO date such as 2014-01-01');
    try {
      return formatInstant(parseIsoInstant(v));
    } catch {
      throw mismatch(col, v, 'an ISO date such as 2014-01-01');
    }
  }
  if (col.type === 'boolean') {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
    throw mismatch(col, v, 'true or false');
  }
  // text: numbers and booleans compare as their text ("2014" in a text column of years).
  return String(v);
}

/** Checks that an operator makes sense for the column's type; throws TYPE_MISMATCH. */
export function checkOperator(col: CatalogColumn, op: FilterOp): void {
  if ((op === 'contains' || op === 'starts_with' || op === 'ends_with') && col.type !== 'text') {
    throw new AppError(ErrorCode.TYPE_MISMATCH, `filter '${op}' needs a text column; '${col.name}' is ${col.type}`, { column: col.name, type: col.type });
  }
}
