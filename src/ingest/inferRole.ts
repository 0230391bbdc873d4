import type { ColumnRole, SqlType } from '../shared/catalog.js';
import { assertNever } from '../shared/result.js';

export interface RoleInput {
  name: string;
  label: string;
  type: SqlType;
  stats: { distinctCount: number; nullCount: number; rowCount: number; avgLength?: number };
}

/** Names of keys and codes: whole words id, uuid, key, code, zip…, or a trailing "Id"/"ID". */
const ID_WORDS = /(^|_)(id|ids|uuid|guid|key|code|sku|zip|zipcode|postcode|postal_code|isbn|ean|upc|fips|iso|hash)$/;
const ID_LABEL = /(^|[^A-Za-z])(ID|Id)$|[a-z]Id$/;
/** Calendar parts kept as integers: grouping keys, not quantities. */
const CALENDAR_WORDS = /(^|_)(year|yr|fiscal_year|month|quarter|qtr|week|weekday|day|dow|hour|minute|season|decade)$/;
/** Below this many non-null values, "all distinct" proves nothing. */
const MIN_ROWS_FOR_UNIQUENESS = 20;
/** Text longer than this on average, with many distinct values, is free text. */
const FREE_TEXT_AVG_LENGTH = 40;

/**
 * What a column is for, from generic evidence only (type, name shape, cardinality, length):
 * - time: date and timestamp columns. Integer "year"/"month" columns stay dimensions (they group
 *   rows; a real time axis needs a date).
 * - identifier: id/key/code-named columns that are mostly unique, and near-100%-distinct text.
 * - measure: numeric columns that are not ids, calendar parts or two-valued flags.
 * - text: long free text (average length > 40 and mostly distinct), when the length is known.
 * - dimension: everything else (booleans, low and medium cardinality text, foreign keys).
 */
export function inferRole(col: RoleInput): ColumnRole {
  const { rowCount, nullCount, distinctCount, avgLength } = col.stats;
  const nonNull = Math.max(0, rowCount - nullCount);
  const distinctShare = nonNull > 0 ? distinctCount / nonNull : 0;
  const enoughRows = nonNull >= MIN_ROWS_FOR_UNIQUENESS;
  const idNamed = ID_WORDS.test(col.name) || ID_LABEL.test(col.label.trim());
  const mostlyUnique = enoughRows && distinctShare >= 0.9;
  switch (col.type) {
    case 'date':
    case 'timestamp':
      return 'time';
    case 'boolean':
      return 'dimension';
    case 'integer':
    case 'bigint':
    case 'double':
    case 'numeric':
      if (idNamed) return mostlyUnique ? 'identifier' : 'dimension';
      if ((col.type === 'integer' || col.type === 'bigint') && CALENDAR_WORDS.test(col.name)) return 'dimension';
      if (enoughRows && distinctCount <= 2) return 'dimension';
      return 'measure';
    case 'text':
      if (avgLength !== undefined && avgLength > FREE_TEXT_AVG_LENGTH && distinctShare > 0.5) return 'text';
      if (idNamed && mostlyUnique) return 'identifier';
      if (enoughRows && distinctShare >= 0.98) return 'identifier';
      return 'dimension';
    default:
      return assertNever(col.type, 'sql type');
  }
}
