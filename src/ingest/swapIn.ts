// The swap: one catalog transaction, under the dataset's lock, that makes a loaded staging table
// the dataset (create), its new version (replace) or appends its rows through the dataset's recipe.
import { randomBytes } from 'node:crypto';
import { currentTenant } from '../auth/requestScope.js';
import { replayRecipeOnBatch } from '../cleaning/batchReplay.js';
import type { CleaningService } from '../cleaning/cleaningService.js';
import { commitVersion, insertColumns, lockDataset, readDataset, tableRef, WAREHOUSE_SCHEMA } from '../cleaning/versionStore.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { IngestionMode, IngestionRunEntity } from '../warehouse/entities/IngestionRunEntity.js';
import { guardDataTable } from '../warehouse/rowSecurity.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';
import { quoteIdent, type Warehouse } from '../warehouse/warehouse.js';
import { namesCollide } from './identifiers.js';
import type { IngestPhases } from './ingestRequest.js';
import { catalogColumns, type Target } from './loadTarget.js';
import { canMergeProfile, mergeColumnStats } from './profileMerge.js';
import { profileTable } from './profiler.js';
import type { Format } from './types.js';

/** Profile statements in flight at once after a load (each on its own pooled connection). */
const PROFILE_PARALLEL = 3;

/** What the swap needs: the services it calls into. */
export interface SwapDeps {
  wh: Warehouse;
  cleaning: CleaningService;
  log: Logger;
}

export interface Swap {
  name: string;
  label: string;
  /** Changed to 'replace' when a create finds the dataset made meanwhile. */
  mode: IngestionMode;
  replace: boolean;
  staging: string;
  target: Target;
  run: IngestionRunEntity;
  contentHash: string;
  idempotencyKey: string | null;
  format: Format;
  phases: IngestPhases;
}

type Profile = Awaited<ReturnType<typeof profileTable>>;
type Current = NonNullable<Awaited<ReturnType<typeof readDataset>>>;

/** Refuses a load whose name differs from the dataset it would replace but normalises the same. */
export function refuseCollision(existingLabel: string, requested: string, name: string): void {
  if (!namesCollide(existingLabel, requested)) return;
  throw new AppError(ErrorCode.NAME_CONFLICT, `'${requested}' and the existing dataset '${existingLabel}' both become '${name}'; load under another name, or ask to replace it`, { dataset: name, existing: existingLabel });
}

/** True when these rows are already in: a replace with the same content, or an append already applied (same content or key). */
export async function alreadyLoaded(db: SqlRunner, mode: IngestionMode, currentHash: string | null, datasetId: string | null, hash: string, key: string | null): Promise<boolean> {
  if (mode === 'replace') return currentHash === hash;
  if (mode === 'append' && datasetId) {
    const rows = await db.query(
      `SELECT 1 FROM catalog.ingestion_runs WHERE dataset_id = $1 AND status = 'succeeded' AND (content_hash = $2 OR ($3::text IS NOT NULL AND idempotency_key = $3)) LIMIT 1`,
      [datasetId, hash, key],
    );
    return rows.length > 0 || currentHash === hash;
  }
  return false;
}

/** Swaps the staging table in; the dataset's row count after, or null when the rows were already loaded. */
export async function swapIn(deps: SwapDeps, a: Swap): Promise<number | null> {
  const { wh } = deps;
  const cols = a.target.names.map((name, i) => ({ name, type: a.target.types[i]! }));
  // Profile the staging table before the swap so the swap transaction stays short.
  let t = performance.now();
  // On the pool, per-column statements run side by side (the load itself has finished).
  const profile = a.mode === 'append' ? null : await profileTable(wh, WAREHOUSE_SCHEMA, a.staging, cols, PROFILE_PARALLEL);
  a.phases.profile = performance.now() - t;
  t = performance.now();
  const rows = await wh.transaction(async (tx) => {
    // Serialize concurrent loads of one dataset name; re-read it and decide again under the lock:
    // a load that started as a create may find the dataset made meanwhile, and two identical
    // appends sent at once must not both apply.
    await lockDataset(tx, a.name);
    const current = await readDataset(tx, a.name);
    if (!current && a.mode === 'append') throw new AppError(ErrorCode.CONFLICT, `dataset '${a.name}' was dropped while the batch loaded; nothing was appended`, { dataset: a.name });
    if (current) {
      if (a.mode === 'create') {
        if (!a.replace) refuseCollision(current.label, a.label, a.name);
        a.mode = 'replace';
        a.run.mode = 'replace';
        a.run.datasetId = current.id;
      }
      const [d] = await tx.query<{ content_hash: string | null }>(`SELECT content_hash FROM catalog.datasets WHERE id = $1`, [current.id]);
      if (await alreadyLoaded(tx, a.mode, d?.content_hash ?? null, current.id, a.contentHash, a.idempotencyKey)) return null;
    }
    const out = a.mode === 'append' && current ? await appendBatch(tx, deps, a, current) : current ? await replaceDataset(tx, deps, a, current, profile!) : await createDataset(tx, a, profile!);
    // Committed with the rows, so the next load of this dataset sees it under the lock.
    await tx.query(`UPDATE catalog.ingestion_runs SET status = 'succeeded', mode = $2, dataset_id = $3, content_hash = $4 WHERE id = $1`, [a.run.id, a.mode, a.run.datasetId, a.contentHash]);
    return out;
  });
  a.phases.swap = performance.now() - t;
  return rows;
}

/** An append: the batch passes through the dataset's cleaning recipe before it joins the rows. */
async function appendBatch(tx: SqlRunner, deps: SwapDeps, a: Swap, ds: Current): Promise<number> {
  const replay = await replayRecipeOnBatch(tx, { dataset: ds, staging: a.staging, shape: a.target.shape ?? 'current' }, deps.log);
  if (replay.applied.length || replay.skipped.length) a.run.recipe = { shape: a.target.shape ?? 'current', applied: replay.applied, skipped: replay.skipped };
  const list = ds.columns.map((c) => quoteIdent(c.name)).join(', ');
  const now = ds.columns.map((c) => ({ name: c.name, type: c.type }));
  const appended = ds.appendedSinceProfile;
  // A small batch on a large dataset: profile the batch and merge, instead of the whole table.
  const batch = canMergeProfile(ds.rowCount, appended, a.run.rowsLoaded) && ds.columns.every((c) => c.stats) ? await profileTable(tx, WAREHOUSE_SCHEMA, replay.table, now) : null;
  await tx.query(`INSERT INTO ${tableRef(ds.tableName)} (${list}) SELECT ${list} FROM ${tableRef(replay.table)}`);
  await tx.query(`DROP TABLE ${tableRef(replay.table)}`);
  const p = batch
    ? { rowCount: ds.rowCount + batch.rowCount, stats: ds.columns.map((c, i) => mergeColumnStats(c.stats!, batch.stats[i]!, ds.rowCount, batch.rowCount)) }
    : await profileTable(tx, WAREHOUSE_SCHEMA, ds.tableName, now);
  await tx.query(`UPDATE catalog.datasets SET row_count = $2, appended_since_profile = $3, updated_at = now() WHERE id = $1`, [ds.id, p.rowCount, batch ? appended + batch.rowCount : 0]);
  await tx.query(
    `UPDATE catalog.columns c SET stats = x.stats::jsonb FROM unnest($2::text[], $3::text[]) AS x(name, stats) WHERE c.dataset_id = $1 AND c.name = x.name`,
    [ds.id, now.map((c) => c.name), p.stats.map((s) => JSON.stringify(s))],
  );
  a.run.datasetId = ds.id;
  return p.rowCount;
}

/** The staging table renamed to a dataset table of its own. */
async function renameStaging(tx: SqlRunner, a: Swap): Promise<string> {
  const table = `ds_${randomBytes(6).toString('hex')}`;
  await tx.query(`ALTER TABLE ${tableRef(a.staging)} RENAME TO ${quoteIdent(table)}`);
  return table;
}

/** A replace: the replaced rows stay as the previous version (restorable until pruned); the load is a new one. */
async function replaceDataset(tx: SqlRunner, deps: SwapDeps, a: Swap, old: Current, profile: Profile): Promise<number> {
  const table = await renameStaging(tx, a);
  const columns = catalogColumns(a.target, profile);
  const counts = { rowsBefore: old.rowCount, rowsAfter: profile.rowCount, rowsLoaded: a.run.rowsLoaded, rowsRejected: a.run.rowsRejected };
  await commitVersion(tx, old, { table, step: 'ingest', params: { run: a.run.id, source: a.run.source }, counts, columns, rowCount: profile.rowCount, by: 'ingest' });
  await tx.query(`UPDATE catalog.datasets SET content_hash = $2, source_format = $3 WHERE id = $1`, [old.id, a.contentHash, a.format]);
  a.run.datasetId = old.id;
  // A cleaned dataset's new rows go through its recipe, as the old ones did.
  const report = await deps.cleaning.rerunRecipeIn(tx, a.name, 'ingest');
  a.run.recipe = report;
  if (!report) return profile.rowCount;
  const [now] = await tx.query<{ row_count: number }>(`SELECT row_count FROM catalog.datasets WHERE id = $1`, [old.id]);
  return Number(now!.row_count);
}

/** A new dataset: its table guarded for its tenant, its columns in the catalog. */
async function createDataset(tx: SqlRunner, a: Swap, profile: Profile): Promise<number> {
  const table = await renameStaging(tx, a);
  const columns = catalogColumns(a.target, profile);
  await guardDataTable(tx, table, currentTenant());
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO catalog.datasets (tenant_id, name, label, table_name, row_count, content_hash, source_format) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [currentTenant(), a.name, a.label, table, profile.rowCount, a.contentHash, a.format],
  );
  await insertColumns(tx, row!.id, columns);
  a.run.datasetId = row!.id;
  return profile.rowCount;
}
