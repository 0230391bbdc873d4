import { DISGUISED_NULL_TOKENS } from '../nulls.js';
import type { CatalogColumn } from '../../shared/catalog.js';
import { quoteIdent } from '../../warehouse/warehouse.js';

/** Bind values of one statement: a value only ever reaches SQL as `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder, with a cast when given (the cast is fixed vocabulary). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

// JavaScript's trim() strips Unicode spaces; SQL's btrim only what it is told.
const SPACES = ' \t\n\r\f\v\u00a0\u2009\u202f\ufeff';

/** `s."col"`. */
export const col = (name: string, alias = 's'): string => `${alias}.${quoteIdent(name)}`;

/** SQL truth of "this cell holds no value", as the pure core's isMissing: null, NaN, or a disguised-null text. */
export function missingExpr(c: CatalogColumn, p: SqlParams, alias = 's'): string {
  const q = col(c.name, alias);
  if (c.type === 'text') return `(${q} IS NULL OR lower(btrim(${q}, ${p.add(SPACES)})) = ANY(${p.add(DISGUISED_NULL_TOKENS, 'text[]')}))`;
  if (c.type === 'double' || c.type === 'numeric') return `(${q} IS NULL OR ${q} = 'NaN')`;
  return `(${q} IS NULL)`;
}
