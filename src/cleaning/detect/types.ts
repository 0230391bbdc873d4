import type { ColumnRole, SqlType } from '../../shared/catalog.js';
import type { StepCall } from '../steps/types.js';

export const FINDING_KINDS = [
  'disguised_nulls', 'wrong_type', 'inconsistent_spellings', 'outliers', 'impossible_dates', 'future_dates',
  'constant_column', 'almost_empty_column', 'duplicate_rows', 'duplicate_keys', 'near_duplicates',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Example {
  value: string;
  count: number;
}

/** One problem found in a dataset, with the step that would fix it. */
export interface Finding {
  kind: FindingKind;
  /** Null for row-level findings (duplicate rows). */
  column: string | null;
  /** Rows affected (for duplicates: rows that would be removed). */
  count: number;
  /** count / rows examined. */
  share: number;
  examples: Example[];
  message: string;
  /** Ready to run; null when no step fixes it automatically. */
  fix: StepCall | null;
  details?: Record<string, unknown>;
}

/** A column's cells as read from a sample or a full scan. */
export interface ColumnInput {
  name: string;
  type: SqlType;
  role?: ColumnRole;
  values: readonly unknown[];
}

/** How many examples a finding carries. */
export const MAX_EXAMPLES = 5;

/** Top examples by count from a value → count map. */
export function topExamples(counts: ReadonlyMap<string, number>, max = MAX_EXAMPLES): Example[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([value, count]) => ({ value, count }));
}

/** Share with a zero-safe denominator. */
export const shareOf = (count: number, total: number): number => (total > 0 ? count / total : 0);
