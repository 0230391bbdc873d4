import type { SqlType } from '../shared/catalog.js';
import { assertNever } from '../shared/result.js';

/** The Postgres column type for a catalog type; a fixed vocabulary, never user text. */
export function sqlTypeDdl(t: SqlType): string {
  switch (t) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'bigint':
      return 'bigint';
    case 'double':
      return 'double precision';
    case 'numeric':
      return 'numeric';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp';
    case 'text':
      return 'text';
    default:
      return assertNever(t, 'sql type');
  }
}
