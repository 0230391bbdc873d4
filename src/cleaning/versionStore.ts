import type { CatalogColumn, CatalogDataset, ColumnRole, ColumnStats, SqlType } from '../shared/catalog.js';
import { currentTenant } from '../auth/requestScope.js';
import { guardDataTable } from '../warehouse/rowSecurity.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';
import { quoteIdent } from '../warehouse/warehouse.js';

/** A dataset as a cleaning transaction sees it under its lock: the catalog plus its version counter and recipe state. */
export interface LockedDataset extends CatalogDataset {
  version: number;
  /** The columns the recipe starts from (null: no recipe yet). */
  recipeInput: CatalogColumn[] | null;
  /** Positions of the recipe steps in effect for new rows (null: all of them). */
  recipeActive: number[] | null;
  /** Rows appended since the table was last profiled whole. */
  appendedSinceProfile: number;
}

/** One row of catalog.dataset_versions, as the API shows it. */
export interface DatasetVersion {
  version: number;
  parentVersion: number | null;
  step: string;
  params: Record<string, unknown>;
  counts: Record<string, unknown>;
  columns: CatalogColumn[];
  createdAt: Date;
  createdBy: string | null;
  tableName: string;
  current: boolean;
  /** False once pruned (its rows are gone): it can no longer be restored. */
  available: boolean;
}

/** One step of a dataset's recipe. */
export interface RecipeStep {
  position: number;
  step: string;
  params: Record<string, unknown>;
  enabled: boolean;
  resolved: Record<string, unknown> | null;
}

// The schema datasets' tables live in. Defined here, not in ingest, because the ingest append path
// imports the cleaning recipe: ingest imports it from here, and cleaning never imports ingest's service.
export const WAREHOUSE_SCHEMA = 'warehouse';

/** `"warehouse"."table"`. */
export const tableRef = (table: string): string => `${quoteIdent(WAREHOUSE_SCHEMA)}.${quoteIdent(table)}`;

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Takes the per-dataset advisory lock for the rest of the transaction: every cleaning step, load
 * swap and drop of a dataset takes it, so they never interleave. With `timeoutMs`, waits at most
 * that long (CONFLICT when another holds it longer); without, waits its turn.
 */
export async function lockDataset(tx: SqlRunner, name: string, timeoutMs?: number): Promise<void> {
  if (timeoutMs === undefined) {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('insightql.dataset.' || $2 || '.' || $1))`, [name, currentTenant()]);
    return;
  }
  await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [`${Math.max(1, Math.round(timeoutMs))}ms`]);
  try {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('insightql.dataset.' || $2 || '.' || $1))`, [name, currentTenant()]);
  } catch (e) {
    if ((e as { code?: string }).code === LOCK_NOT_AVAILABLE) {
      throw new AppError(ErrorCode.CONFLICT, `dataset '${name}' is being changed by another cleaning step or load; gave up after waiting ${timeoutMs} ms, nothing was changed — try again`, { dataset: name });
    }
    throw e;
  }
  // Later statements must not give up on their own locks; only the wait for the dataset is bounded.
  await tx.query(`SELECT set_config('lock_timeout', '0', true)`);
}

interface DatasetRow {
  id: string;
  name: string;
  label: string;
  table_name: string;
  row_count: number;
  version: number;
  recipe_input: CatalogColumn[] | null;
  recipe_active: number[] | null;
  appended_since_profile: number;
}

/** Reads a dataset with its columns on `db` (inside the caller's transaction); null when missing. */
export async function readDataset(db: SqlRunner, name: string): Promise<LockedDataset | null> {
  const [d] = await db.query<DatasetRow>(
    `SELECT id, name, label, table_name, row_count, version, recipe_input, recipe_active, appended_since_profile FROM catalog.datasets WHERE lower(name) = lower($1) AND tenant_id = $2`,
    [name, currentTenant()],
  );
  if (!d) return null;
  const cols = await db.query<{ name: string; label: string; sql_type: SqlType; role: ColumnRole; position: number; stats: ColumnStats | null }>(
    `SELECT name, label, sql_type, role, position, stats FROM catalog.columns WHERE dataset_id = $1 ORDER BY position`,
    [d.id],
  );
  return {
    id: d.id,
    name: d.name,
    label: d.label,
    tableName: d.table_name,
    rowCount: Number(d.row_count),
    version: Number(d.version),
    recipeInput: d.recipe_input,
    recipeActive: d.recipe_active?.map(Number) ?? null,
    appendedSinceProfile: Number(d.appended_since_profile),
    columns: cols.map((c) => ({ name: c.name, label: c.label, type: c.sql_type, role: c.role, position: Number(c.position), stats: c.stats })),
  };
}

/** Records the dataset's current state as a version when nothing has yet (datasets loaded before any cleaning). */
export async function ensureVersionRecorded(tx: SqlRunner, ds: LockedDataset): Promise<void> {
  await tx.query(
    `INSERT INTO catalog.dataset_versions (dataset_id, version, table_name, parent_version, step, params, counts, columns, created_by)
     VALUES ($1, $2, $3, NULL, 'ingest', '{}'::jsonb, $4::jsonb, $5::jsonb, 'ingest')
     ON CONFLICT (dataset_id, version) DO NOTHING`,
    [ds.id, ds.version, ds.tableName, JSON.stringify({ rowsAfter: ds.rowCount }), JSON.stringify(ds.columns)],
  );
}

export interface NewVersion {
  table: string;
  step: string;
  params: Record<string, unknown>;
  counts: Record<string, unknown>;
  columns: CatalogColumn[];
  rowCount: number;
  by: string | null;
}

/** Makes `v.table` the dataset's current version: lineage row, catalog pointer, row count, columns. Returns the new version number. */
export async function commitVersion(tx: SqlRunner, ds: LockedDataset, v: NewVersion): Promise<number> {
  await ensureVersionRecorded(tx, ds);
  await guardDataTable(tx, v.table, currentTenant());
  const version = ds.version + 1;
  await tx.query(
    `INSERT INTO catalog.dataset_versions (dataset_id, version, table_name, parent_version, step, params, counts, columns, created_by)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9)`,
    [ds.id, version, v.table, ds.version, v.step, JSON.stringify(v.params), JSON.stringify(v.counts), JSON.stringify(v.columns), v.by],
  );
  await tx.query(`UPDATE catalog.datasets SET table_name = $2, row_count = $3, version = $4, appended_since_profile = 0, updated_at = now() WHERE id = $1`, [ds.id, v.table, v.rowCount, version]);
  await tx.query(`DELETE FROM catalog.columns WHERE dataset_id = $1`, [ds.id]);
  await insertColumns(tx, ds.id, v.columns);
  return version;
}

/** Writes a dataset's catalog columns in order, in one statement. */
export async function insertColumns(tx: SqlRunner, datasetId: string, columns: CatalogColumn[]): Promise<void> {
  await tx.query(
    `INSERT INTO catalog.columns (dataset_id, position, name, label, sql_type, role, stats)
     SELECT $1::uuid, pos - 1, n, l, t, r, s::jsonb FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS x(n, l, t, r, s, pos)`,
    [datasetId, columns.map((c) => c.name), columns.map((c) => c.label), columns.map((c) => c.type), columns.map((c) => c.role), columns.map((c) => JSON.stringify(c.stats))],
  );
}

interface VersionRow {
  version: number;
  parent_version: number | null;
  step: string;
  params: Record<string, unknown>;
  counts: Record<string, unknown>;
  columns: CatalogColumn[];
  created_at: Date | string;
  created_by: string | null;
  table_name: string;
  pruned_at: string | null;
  present: boolean;
}

/** Every recorded version of a dataset, newest first, with whether its rows still exist. */
export async function listVersions(db: SqlRunner, ds: LockedDataset): Promise<DatasetVersion[]> {
  const rows = await db.query<VersionRow>(
    `SELECT v.version, v.parent_version, v.step, v.params, v.counts, v.columns, v.created_at, v.created_by, v.table_name, v.pruned_at::text AS pruned_at,
            to_regclass(format('%I.%I', $2::text, v.table_name)) IS NOT NULL AS present
       FROM catalog.dataset_versions v WHERE v.dataset_id = $1 ORDER BY v.version DESC`,
    [ds.id, WAREHOUSE_SCHEMA],
  );
  return rows.map((r) => ({
    version: Number(r.version),
    parentVersion: r.parent_version === null ? null : Number(r.parent_version),
    step: r.step,
    params: r.params ?? {},
    counts: r.counts ?? {},
    columns: r.columns ?? [],
    createdAt: new Date(r.created_at),
    createdBy: r.created_by,
    tableName: r.table_name,
    current: Number(r.version) === ds.version,
    available: r.present && r.pruned_at === null,
  }));
}

/** Drops the warehouse tables of every version of a dataset except `keepTable` (for dropping a dataset). */
export async function dropVersionTables(tx: SqlRunner, datasetId: string, keepTable: string | null = null): Promise<number> {
  const rows = await tx.query<{ table_name: string }>(`SELECT DISTINCT table_name FROM catalog.dataset_versions WHERE dataset_id = $1 AND pruned_at IS NULL`, [datasetId]);
  let n = 0;
  for (const r of rows) {
    if (r.table_name === keepTable) continue;
    await tx.query(`DROP TABLE IF EXISTS ${tableRef(r.table_name)}`);
    n++;
  }
  return n;
}

/** The dataset's recipe in order. */
export async function readRecipe(db: SqlRunner, datasetId: string): Promise<RecipeStep[]> {
  const rows = await db.query<{ position: number; step: string; params: Record<string, unknown>; enabled: boolean; resolved: Record<string, unknown> | null }>(
    `SELECT position, step, params, enabled, resolved FROM catalog.recipes WHERE dataset_id = $1 ORDER BY position`,
    [datasetId],
  );
  return rows.map((r) => ({ position: Number(r.position), step: r.step, params: r.params ?? {}, enabled: r.enabled, resolved: r.resolved }));
}

/**
 * Appends an applied step to the recipe; the first step records `input`, the columns it ran on, as
 * where the recipe starts. After a revert, the steps the revert left out stay in the recipe but not
 * in effect for new rows, and the new step joins those in effect.
 */
export async function appendRecipeStep(tx: SqlRunner, datasetId: string, step: string, params: Record<string, unknown>, resolved: Record<string, unknown> | null, input: CatalogColumn[]): Promise<void> {
  await tx.query(
    `UPDATE catalog.datasets SET recipe_input = $2::jsonb, recipe_active = NULL WHERE id = $1 AND (recipe_input IS NULL OR NOT EXISTS (SELECT 1 FROM catalog.recipes WHERE dataset_id = $1))`,
    [datasetId, JSON.stringify(input)],
  );
  await tx.query(
    `UPDATE catalog.datasets SET recipe_active = recipe_active || (SELECT to_jsonb(COALESCE(max(position), 0) + 1) FROM catalog.recipes WHERE dataset_id = $1) WHERE id = $1 AND recipe_active IS NOT NULL`,
    [datasetId],
  );
  await tx.query(
    `INSERT INTO catalog.recipes (dataset_id, position, step, params, resolved)
     SELECT $1, COALESCE(max(position), 0) + 1, $2, $3::jsonb, $4::jsonb FROM catalog.recipes WHERE dataset_id = $1`,
    [datasetId, step, JSON.stringify(params), resolved === null ? null : JSON.stringify(resolved)],
  );
}

/** Replaces the whole recipe. */
export async function writeRecipe(tx: SqlRunner, datasetId: string, steps: Omit<RecipeStep, 'position'>[]): Promise<void> {
  await tx.query(`DELETE FROM catalog.recipes WHERE dataset_id = $1`, [datasetId]);
  if (!steps.length) return;
  await tx.query(
    `INSERT INTO catalog.recipes (dataset_id, position, step, params, enabled, resolved)
     SELECT $1::uuid, pos, s, p::jsonb, e, r::jsonb FROM unnest($2::text[], $3::text[], $4::boolean[], $5::text[]) WITH ORDINALITY AS x(s, p, e, r, pos)`,
    [datasetId, steps.map((s) => s.step), steps.map((s) => JSON.stringify(s.params)), steps.map((s) => s.enabled), steps.map((s) => (s.resolved ? JSON.stringify(s.resolved) : null))],
  );
}

/** Records the columns the recipe starts from (a batch in this shape goes through every step in effect); every step is in effect again. */
export async function setRecipeInput(tx: SqlRunner, datasetId: string, columns: CatalogColumn[] | null): Promise<void> {
  await tx.query(`UPDATE catalog.datasets SET recipe_input = $2::jsonb, recipe_active = NULL WHERE id = $1`, [datasetId, columns === null ? null : JSON.stringify(columns)]);
}

/** After a revert: only the steps at `positions` made the current rows, starting from `input`. */
export async function setRecipeInEffect(tx: SqlRunner, datasetId: string, input: CatalogColumn[], positions: number[]): Promise<void> {
  await tx.query(`UPDATE catalog.datasets SET recipe_input = $2::jsonb, recipe_active = $3::jsonb WHERE id = $1`, [datasetId, JSON.stringify(input), JSON.stringify(positions)]);
}

/** The enabled recipe steps new rows go through: all of them, or those a revert left in effect. */
export async function readRecipeInEffect(db: SqlRunner, ds: LockedDataset): Promise<RecipeStep[]> {
  const active = ds.recipeActive ? new Set(ds.recipeActive) : null;
  return (await readRecipe(db, ds.id)).filter((s) => s.enabled && (active === null || active.has(s.position)));
}

/** Stores what a recipe step resolved on its latest run (what batches replay from then on). */
export async function setRecipeResolved(tx: SqlRunner, datasetId: string, position: number, resolved: Record<string, unknown> | null): Promise<void> {
  await tx.query(`UPDATE catalog.recipes SET resolved = $3::jsonb WHERE dataset_id = $1 AND position = $2`, [datasetId, position, resolved === null ? null : JSON.stringify(resolved)]);
}
