import type { CatalogDataset, ColumnRole, SqlType } from '../../shared/catalog.js';
import type { SqlRunner } from '../../warehouse/sqlRunner.js';
import type { SqlParams } from './sqlParams.js';

/** One column of the version a step writes: its SQL expression over the source row alias `s`. */
export interface OutColumn {
  name: string;
  label: string;
  type: SqlType;
  expr: string;
  /** Role carried over from the source column (kept when the type does not change). */
  role: ColumnRole | null;
}

/**
 * A cleaning step compiled to set-based SQL over the current version (alias `s`). The new version
 * is `SELECT <columns> <from> [ORDER BY <orderBy>]`; `changed` marks rows whose values change
 * (for the preview's sample), `srcId` is the source row's ctid (ties a new row to its old one).
 */
export interface StepSql {
  columns: OutColumn[];
  from: string;
  srcId: string;
  orderBy: string | null;
  changed: string;
  removesRows: boolean;
  params: SqlParams;
  /** Rows whose values change, known from the step's own statistics (null: count rows instead). */
  affected: number | null;
  /** Values that could not be converted (coerceType) and became null. */
  failed: number;
  /** What replays the step exactly on a new batch (mapping, fill value, fences); null when it cannot be replayed row by row. */
  resolved: Record<string, unknown> | null;
  /** Facts for the result message and the version's counts (fences, fill, groups…). */
  details: Record<string, unknown>;
  /** Work columns written with the new table and dropped by `finish` (apply only). */
  hidden?: { name: string; expr: string }[];
  /** Runs after the new table is written (apply only): completes it (keeping its name) and reports the counts it learned. */
  finish?(db: SqlRunner, table: { ref: string; schema: string; name: string }): Promise<{ affected: number; failed: number; details: Record<string, unknown> }>;
}

/** What a step's SQL builder gets: a connection inside the step's transaction, the source table and the catalog. */
export interface StepContext {
  db: SqlRunner;
  /** Quoted `schema.table` of the current version. */
  source: string;
  dataset: CatalogDataset;
  /** `apply` may compile to a single pass plus `finish`; a preview needs every value computed in the SELECT. */
  purpose?: 'apply' | 'preview';
  /**
   * What the step resolved when it was first applied (fill value, fences, mappings): a new batch
   * is cleaned with it, as the old rows were, instead of with statistics of the batch alone.
   */
  replay?: Record<string, unknown> | null;
}
