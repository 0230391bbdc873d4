import { isNumericType, type CatalogColumn, type CatalogDataset } from '../shared/catalog.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { findColumn } from './columnLookup.js';
import { raw, sql, type SqlFragment } from './sql.js';

/**
 * Decades and centuries: spans of years longer than any calendar grain. Both time axes take them:
 * a date/timestamp time column as `time.grain` ('decade' | 'century'), an integer column holding
 * years as `yearBucket` ({ column, size }). Either way the group's label is its first year, an
 * integer: floor(year / 10) * 10 for a decade (1950 for 1950–1959) and floor(year / 100) * 100
 * for a century (1800 for 1800–1899, "the 1800s"). "The 19th century" is read the same way,
 * 1800–1899, as people (and our reference answers) write it, not the astronomers' 1801–1900.
 */
export const YEAR_BUCKETS = ['decade', 'century'] as const;
export type YearBucketSize = (typeof YEAR_BUCKETS)[number];

/** Years per bucket. Written here, so the divisor in SQL is never text from a request. */
export const YEARS_PER: Record<YearBucketSize, number> = { decade: 10, century: 100 };
const DIVISOR: Record<YearBucketSize, SqlFragment> = { decade: raw('10'), century: raw('100') };

export const isYearBucket = (g: string | null | undefined): g is YearBucketSize => g === 'decade' || g === 'century';

/** The first year of the bucket holding a year expression (int4; floor, so year −5 is in decade −10). */
export function yearBucketExpr(year: SqlFragment, size: YearBucketSize): SqlFragment {
  const d = DIVISOR[size];
  return sql`(floor((${year})::float8 / ${d}) * ${d})::int4`;
}

/** The bucket of a date/timestamp expression: its calendar year's bucket. */
export const timeYearBucketExpr = (t: SqlFragment, size: YearBucketSize): SqlFragment => yearBucketExpr(sql`extract(year FROM ${t})`, size);

export interface ResolvedYearBucket {
  column: CatalogColumn;
  size: YearBucketSize;
}

/** Binds a year bucket's column; only a whole-number column can hold years. */
export function resolveYearBucket(ds: CatalogDataset, b: { column: string; size: YearBucketSize }): ResolvedYearBucket {
  const column = findColumn(ds, b.column, 'year bucket column');
  if (!isNumericType(column.type) || column.type === 'double') {
    throw new AppError(ErrorCode.TYPE_MISMATCH, `yearBucket needs a whole-number column of years; '${column.name}' is ${column.type}`, {
      column: column.name,
      type: column.type,
      path: ['yearBucket', 'column'],
    });
  }
  return { column, size: b.size };
}
