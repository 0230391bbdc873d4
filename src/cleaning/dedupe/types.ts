/** A row as the pure core sees it: column name → cell value as read (string, number, boolean, null). */
export type Row = Readonly<Record<string, unknown>>;

export const KEEP_POLICIES = ['first', 'last', 'most_complete'] as const;
/** Which record of a duplicate group survives. */
export type KeepPolicy = (typeof KEEP_POLICIES)[number];

/** Rows judged to be one record. */
export interface DuplicateGroup {
  /** Row positions, ascending. */
  rows: number[];
  /** The position that is kept. */
  kept: number;
  /** Lowest score among the matched pairs that linked the group (1 for exact duplicates). */
  score: number;
}
