import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { currentTenant } from '../auth/requestScope.js';
import { guardDataTable } from '../warehouse/rowSecurity.js';
import { AppError, ErrorCode, isAppError } from '../shared/errors.js';
import type { EventBus } from '../events/eventBus.js';
import type { Logger } from '../shared/logger.js';
import { batchShapes, replayRecipeOnBatch } from '../cleaning/batchReplay.js';
import { CleaningService } from '../cleaning/cleaningService.js';
import { commitVersion, insertColumns, lockDataset, readDataset, tableRef } from '../cleaning/versionStore.js';
import { CatalogRepository } from '../warehouse/catalogRepository.js';
import { IngestionRunEntity, type IngestionMode } from '../warehouse/entities/IngestionRunEntity.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';
import { quoteIdent, type Warehouse } from '../warehouse/warehouse.js';
import { makeBlockEncoder } from './copyColumns.js';
import { makeRowEncoder } from './copyRows.js';
import { encodeChunks, readSample } from './encodeChunks.js';
import { namesCollide, toDatasetName } from './identifiers.js';
import { appendTarget, catalogColumns, inferTarget, type Target } from './loadTarget.js';
import { openInput, type IngestInput } from './openInput.js';
import { canMergeProfile, mergeColumnStats } from './profileMerge.js';
import { profileTable } from './profiler.js';
import { sqlTypeDdl } from './sqlTypes.js';
import type { ColumnBlock, Format, RecordOrBad } from './types.js';
import { WorkerLoad } from './workerLoad.js';

export type { IngestInput } from './openInput.js';

export const WAREHOUSE_SCHEMA = 'warehouse';

/** Runs `fn` up to `times` times, pausing between attempts. */
async function retry(fn: () => Promise<void>, times = 4, pauseMs = 150): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= times) throw e;
      await new Promise((r) => setTimeout(r, pauseMs * i));
    }
  }
}

/** A load's staging table, named after its run. */
const stagingName = (runId: string) => `_stg_${runId.replace(/-/g, '')}`;

/** Refuses a load whose name differs from the dataset it would replace but normalises the same. */
function refuseCollision(existingLabel: string, requested: string, name: string): void {
  if (!namesCollide(existingLabel, requested)) return;
  throw new AppError(ErrorCode.NAME_CONFLICT, `'${requested}' and the existing dataset '${existingLabel}' both become '${name}'; load under another name, or ask to replace it`, { dataset: name, existing: existingLabel });
}
const REJECT_BATCH = 500;
/** Profile statements in flight at once after a load (each on its own pooled connection). */
const PROFILE_PARALLEL = 3;
/** PostgreSQL's limit on columns per table. */
export const MAX_COLUMNS = 1600;
/** Rejected rows kept per run; beyond it they are counted, not stored. */
export const MAX_STORED_REJECTS = 100_000;

export interface IngestRequest {
  name: string;
  input: IngestInput;
  format?: Format | null;
  append?: boolean;
  /** Replace a dataset whose name differs but normalises to the same identifier (else NAME_CONFLICT). */
  replace?: boolean;
  /** An append's idempotency key: a resend with a key already applied adds no rows. */
  idempotencyKey?: string | null;
  strict?: boolean;
  /** Shown in the run's `source` (file name, "http upload"…). */
  sourceLabel?: string;
  onProgress?: (p: { rowsRead: number; bytesRead: number }) => void;
}

export interface IngestReport {
  run: IngestionRunEntity;
  /** First rejected rows with their reasons. */
  firstRejections: { line: number; reason: string }[];
  /** Where the time went, in milliseconds (also logged at debug level). */
  phases: IngestPhases;
}

/**
 * Milliseconds per phase of a load. `copy` runs reading, parsing and converting (`produce`) side
 * by side with the database's COPY; `copy - produce` is time spent waiting for the database.
 */
export interface IngestPhases {
  /** Open, sample, infer types, create the staging table. */
  prepare: number;
  copy: number;
  produce: number;
  profile: number;
  /** The catalog transaction that swaps the staging table in (appends: recipe, insert and profile). */
  swap: number;
  total: number;
}


/**
 * Streams a file into a dataset: parse → infer types on a sample → convert every row → COPY into a
 * staging table → profile → swap into the catalog in one transaction. Rows that do not fit are
 * kept in catalog.rejected_rows; a failure at any point drops the staging table, so no partial
 * dataset is ever visible.
 */
export class IngestService {
  private readonly catalog: CatalogRepository;
  private readonly cleaning: CleaningService;

  constructor(
    private readonly wh: Warehouse,
    private readonly log: Logger,
    private readonly events?: EventBus,
    /** Parse files in a worker thread (see loadWorker.ts); false keeps every load in this thread. */
    private readonly useWorker = true,
  ) {
    this.catalog = new CatalogRepository(wh);
    this.cleaning = new CleaningService(wh, log);
  }

  /** Loads one source; resolves with the finished run (SUCCEEDED or UNCHANGED) or throws an AppError. */
  async ingest(req: IngestRequest): Promise<IngestReport> {
    const name = toDatasetName(req.name);
    if (!name) throw new AppError(ErrorCode.BAD_INPUT, `dataset name '${req.name}' has no usable characters`);
    // The run's owner lock is taken before the run exists, so another process starting meanwhile
    // never mistakes it for the leftover of a dead one.
    const runId = randomUUID();
    const releaseOwner = await this.wh.loadLocks.hold(runId);
    try {
      return await this.ingestOwned(req, name, runId);
    } finally {
      await releaseOwner();
    }
  }

  private async ingestOwned(req: IngestRequest, name: string, runId: string): Promise<IngestReport> {
    const runs = this.wh.dataSource.getRepository(IngestionRunEntity);
    const [existing] = await this.catalog.datasetsByNames([name]);
    const mode: IngestionMode = req.append && existing ? 'append' : existing ? 'replace' : 'create';
    if (existing && mode === 'replace' && !req.replace) refuseCollision(existing.label, req.name, name);
    const idempotencyKey = req.idempotencyKey?.trim() || null;
    if (idempotencyKey && (idempotencyKey.length > 200 || idempotencyKey.includes('\u0000'))) {
      throw new AppError(ErrorCode.BAD_INPUT, 'the idempotency key must be at most 200 characters, without NUL bytes', { field: 'idempotencyKey' });
    }
    const run = await runs.save(
      runs.create({
        tenantId: currentTenant(),
        id: runId,
        datasetName: name,
        datasetId: existing?.id ?? null,
        status: 'running',
        mode,
        format: req.format ?? null,
        source: req.sourceLabel ?? (req.input.kind === 'file' ? req.input.path : 'stream'),
        idempotencyKey: mode === 'append' ? idempotencyKey : null,
        startedAt: new Date(),
      }),
    );
    const started = performance.now();
    const staging = stagingName(run.id);
    const firstRejections: { line: number; reason: string }[] = [];
    const phases: IngestPhases = { prepare: 0, copy: 0, produce: 0, profile: 0, swap: 0, total: 0 };
    let stagingCreated = false;
    let it: AsyncIterator<RecordOrBad[]> | null = null;
    let load: WorkerLoad | null = null;
    try {
      const hash = createHash('sha256');
      let bytes = 0;
      // Files are read, parsed and converted by a worker thread; streams in this thread.
      let batches: AsyncIterator<RecordOrBad[]> | null = null;
      let ahead: RecordOrBad[][] = [];
      let blocks: AsyncIterator<ColumnBlock> | undefined;
      let source: { format: Format; labels: string[]; sample: RecordOrBad[]; bytesRead(): number };
      if (req.input.kind === 'file' && this.useWorker) {
        const w = await WorkerLoad.open({ path: req.input.path, format: req.format ?? null });
        load = w;
        source = { format: w.format, labels: w.labels, sample: w.sample, bytesRead: () => w.bytesRead };
      } else {
        const src = await openInput(req.input, req.format, (b) => {
          hash.update(b);
          bytes += b.length;
        });
        batches = src.batches[Symbol.asyncIterator]();
        blocks = src.blocks;
        it = batches;
        // Batches read for the sample are loaded first, in order.
        const read = await readSample(batches);
        ahead = read.ahead;
        source = { format: src.format, labels: src.labels, sample: read.sample, bytesRead: () => src.bytesRead() };
      }
      run.format = source.format;
      const shapes = mode === 'append' ? await batchShapes(this.wh, existing!.name) : null;
      if (source.labels.length > MAX_COLUMNS) {
        throw new AppError(ErrorCode.INGEST_REJECTED, `the file has ${source.labels.length.toLocaleString('en-US')} columns; a dataset holds at most ${MAX_COLUMNS.toLocaleString('en-US')} (PostgreSQL's limit per table)`, { columns: source.labels.length });
      }
      const target = mode === 'append' ? appendTarget(name, shapes!, source.labels) : inferTarget(source.labels, source.sample);
      await this.wh.query(
        `CREATE TABLE ${tableRef(staging)} (${target.names
          .map((n, i) => `${quoteIdent(n)} ${sqlTypeDdl(target.types[i]!)}`)
          .join(', ')})`,
      );
      stagingCreated = true;
      phases.prepare = performance.now() - started;

      const counts = { read: 0, loaded: 0, rejected: 0, produceMs: 0 };
      let pendingRejects: { line: number; raw: string; reason: string }[] = [];
      const flushRejects = async () => {
        if (!pendingRejects.length) return;
        const batch = pendingRejects;
        pendingRejects = [];
        await this.wh.query(
          `INSERT INTO catalog.rejected_rows (tenant_id, run_id, line, raw, reason) SELECT $5, $1::uuid, l, r, why FROM unnest($2::bigint[], $3::text[], $4::text[]) AS x(l, r, why)`,
          [run.id, batch.map((b) => b.line), batch.map((b) => b.raw), batch.map((b) => b.reason), run.tenantId],
        );
      };
      const keep = (line: number, raw: string, reason: string) => {
        if (firstRejections.length < 10) firstRejections.push({ line, reason });
        if (counts.rejected <= MAX_STORED_REJECTS) pendingRejects.push({ line, raw: raw.slice(0, 2000), reason });
      };
      const result = { read: 0, loaded: 0, hash: '', bytes: 0, produceMs: 0 };
      const fromWorker = (rows: { line: number; raw: string; reason: string }[], total: number) => {
        for (const r of rows) {
          counts.rejected++;
          keep(r.line, r.raw, r.reason);
        }
        counts.rejected = total;
      };
      const progress = async (rowsRead: number) => {
        req.onProgress?.({ rowsRead, bytesRead: source.bytesRead() });
        if (pendingRejects.length >= REJECT_BATCH) await flushRejects();
      };
      const copyStarted = performance.now();
      const workerTarget = { types: target.types, labels: target.labels, slashOrders: target.slashOrders, strict: !!req.strict, storeRejects: MAX_STORED_REJECTS };
      const connectionString = this.wh.copyConnectionString();
      if (load && connectionString) {
        // Real Postgres: the worker runs the COPY on a connection of its own.
        // No column list when nothing was inferred (every record rejected): `()` is a syntax error.
        const columns = target.names.length ? ` (${target.names.map(quoteIdent).join(', ')})` : '';
        const copy = { connectionString, sql: `COPY ${tableRef(staging)}${columns} FROM STDIN` };
        await load.copyDirect({ ...workerTarget, copy }, async (p) => {
          fromWorker(p.rejects, p.rejected);
          await progress(p.read);
        }, result);
      } else {
        let chunks: AsyncIterable<Buffer>;
        if (load) {
          chunks = load.chunks(workerTarget, fromWorker, result);
        } else {
          const reject = (line: number, raw: string, reason: string) => {
            counts.rejected++;
            if (req.strict) throw new AppError(ErrorCode.INGEST_REJECTED, `line ${line}: ${reason} (strict mode: nothing was loaded)`, { line });
            keep(line, raw, reason);
          };
          const columnWise = blocks && { rest: blocks, encode: makeBlockEncoder(target.types, target.labels, target.slashOrders) };
          chunks = encodeChunks(ahead, batches!, makeRowEncoder(target.types, target.labels, target.slashOrders), reject, counts, columnWise);
        }
        async function* reported(): AsyncGenerator<Buffer> {
          for await (const chunk of chunks) {
            yield chunk;
            await progress(load ? result.read : counts.read);
          }
        }
        await this.wh.copyIn(WAREHOUSE_SCHEMA, staging, target.names, reported());
      }
      it = null;
      phases.copy = performance.now() - copyStarted;
      if (load) {
        Object.assign(counts, { read: result.read, loaded: result.loaded, produceMs: result.produceMs });
        bytes = result.bytes;
      }
      req.onProgress?.({ rowsRead: counts.read, bytesRead: source.bytesRead() });
      phases.produce = counts.produceMs;
      await flushRejects();
      Object.assign(run, { rowsRead: counts.read, rowsLoaded: counts.loaded, rowsRejected: counts.rejected, bytes });

      if (counts.read === 0) throw new AppError(ErrorCode.INGEST_REJECTED, 'the file has a header but no data rows');
      if (counts.loaded === 0) {
        const first = firstRejections[0];
        throw new AppError(ErrorCode.INGEST_REJECTED, `all ${counts.rejected} rows were rejected; first: line ${first?.line}: ${first?.reason}`);
      }
      const contentHash = load ? result.hash : hash.digest('hex');
      run.contentHash = contentHash;

      const unchanged = async () => {
        await this.dropStaging(staging);
        stagingCreated = false;
        await this.wh.query(`DELETE FROM catalog.rejected_rows WHERE run_id = $1`, [run.id]);
        const same = await this.finish(run, started, 'unchanged');
        return { run: same, firstRejections: [], phases: this.logPhases(run, phases, started) };
      };
      // A cheap look first; the deciding one is under the dataset's lock in the swap.
      if (await this.alreadyLoaded(mode, existing?.contentHash ?? null, existing?.id ?? null, contentHash, idempotencyKey)) return await unchanged();
      const rowCount = await this.swapIn({ name, label: req.name, mode, replace: !!req.replace, staging, target, run, contentHash, idempotencyKey, format: source.format, phases });
      if (rowCount === null) return await unchanged();
      stagingCreated = false;
      const done = await this.finish(run, started, 'succeeded');
      const kind = run.mode === 'append' ? 'appended' : run.mode === 'replace' ? 'replaced' : 'loaded';
      this.events?.publish('dataset', { dataset: name, kind, rowCount, runId: run.id, at: new Date() });
      return { run: done, firstRejections, phases: this.logPhases(run, phases, started) };
    } catch (e) {
      // A load that stops early (strict mode, a COPY error) releases its file or socket.
      await it?.return?.(undefined).catch(() => undefined);
      await load?.close().catch(() => undefined);
      load = null;
      const app = isAppError(e) ? e : null;
      run.error = app ? app.message : 'internal error while loading; see the server log';
      run.errorCode = app ? app.code : ErrorCode.INTERNAL_SERVER_ERROR;
      if (!app) this.log.error({ err: e, run: run.id }, 'ingest failed');
      // The failure may have been the database dropping connections: the pool may still hold
      // some that are dead, so the cleanup tries again on fresh ones rather than waiting for a restart.
      await retry(async () => {
        if (stagingCreated) await this.dropStaging(staging);
        stagingCreated = false;
        await this.finish(run, started, 'failed');
      }).catch((d) => this.log.error({ err: d, run: run.id }, 'could not clean up after a failed load; the next start will'));
      throw e;
    } finally {
      await load?.close().catch(() => undefined);
    }
  }

  private logPhases(run: IngestionRunEntity, phases: IngestPhases, started: number): IngestPhases {
    phases.total = performance.now() - started;
    const ms = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)]));
    this.log.debug({ run: run.id, dataset: run.datasetName, rows: run.rowsLoaded, ms }, 'ingest phases (ms)');
    return phases;
  }

  private async alreadyLoaded(mode: IngestionMode, currentHash: string | null, datasetId: string | null, hash: string, key: string | null, db: SqlRunner = this.wh): Promise<boolean> {
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

  private async swapIn(a: {
    name: string;
    label: string;
    mode: IngestionMode;
    replace: boolean;
    staging: string;
    target: Target;
    run: IngestionRunEntity;
    contentHash: string;
    idempotencyKey: string | null;
    format: Format;
    phases: IngestPhases;
  }): Promise<number | null> {
    const cols = a.target.names.map((name, i) => ({ name, type: a.target.types[i]! }));
    // Profile the staging table before the swap so the swap transaction stays short.
    let t = performance.now();
    // On the pool, per-column statements run side by side (the load itself has finished).
    const profile = a.mode === 'append' ? null : await profileTable(this.wh, WAREHOUSE_SCHEMA, a.staging, cols, PROFILE_PARALLEL);
    a.phases.profile = performance.now() - t;
    t = performance.now();
    const rows = await this.wh.transaction(async (tx) => {
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
        if (await this.alreadyLoaded(a.mode, d?.content_hash ?? null, current.id, a.contentHash, a.idempotencyKey, tx)) return null;
      }
      const out = await this.swapLocked(tx, a, current, profile);
      // Committed with the rows, so the next load of this dataset sees it under the lock.
      await tx.query(`UPDATE catalog.ingestion_runs SET status = 'succeeded', mode = $2, dataset_id = $3, content_hash = $4 WHERE id = $1`, [a.run.id, a.mode, a.run.datasetId, a.contentHash]);
      return out;
    });
    a.phases.swap = performance.now() - t;
    return rows;
  }

  private async swapLocked(tx: SqlRunner, a: Parameters<IngestService['swapIn']>[0], current: Awaited<ReturnType<typeof readDataset>>, profile: Awaited<ReturnType<typeof profileTable>> | null): Promise<number> {
    {
      if (a.mode === 'append' && current) {
        // The batch passes through the dataset's cleaning recipe before it joins the rows.
        const replay = await replayRecipeOnBatch(tx, { dataset: current, staging: a.staging, shape: a.target.shape ?? 'current' }, this.log);
        if (replay.applied.length || replay.skipped.length) a.run.recipe = { shape: a.target.shape ?? 'current', applied: replay.applied, skipped: replay.skipped };
        const ds = current;
        const list = ds.columns.map((c) => quoteIdent(c.name)).join(', ');
        const now = ds.columns.map((c) => ({ name: c.name, type: c.type }));
        const appended = ds.appendedSinceProfile;
        // A small batch on a large dataset: profile the batch and merge, instead of the whole table.
        const batch = canMergeProfile(ds.rowCount, appended, a.run.rowsLoaded) && ds.columns.every((c) => c.stats) ? await profileTable(tx, WAREHOUSE_SCHEMA, replay.table, now) : null;
        await tx.query(`INSERT INTO ${tableRef(current.tableName)} (${list}) SELECT ${list} FROM ${tableRef(replay.table)}`);
        await tx.query(`DROP TABLE ${tableRef(replay.table)}`);
        const p = batch
          ? { rowCount: ds.rowCount + batch.rowCount, stats: ds.columns.map((c, i) => mergeColumnStats(c.stats!, batch.stats[i]!, ds.rowCount, batch.rowCount)) }
          : await profileTable(tx, WAREHOUSE_SCHEMA, current.tableName, now);
        await tx.query(`UPDATE catalog.datasets SET row_count = $2, appended_since_profile = $3, updated_at = now() WHERE id = $1`, [current.id, p.rowCount, batch ? appended + batch.rowCount : 0]);
        await tx.query(
          `UPDATE catalog.columns c SET stats = x.stats::jsonb FROM unnest($2::text[], $3::text[]) AS x(name, stats) WHERE c.dataset_id = $1 AND c.name = x.name`,
          [current.id, now.map((c) => c.name), p.stats.map((s) => JSON.stringify(s))],
        );
        a.run.datasetId = current.id;
        return p.rowCount;
      }
      const table = `ds_${randomBytes(6).toString('hex')}`;
      await tx.query(`ALTER TABLE ${tableRef(a.staging)} RENAME TO ${quoteIdent(table)}`);
      const columns = catalogColumns(a.target, profile!);
      if (current) {
        // The replaced rows stay as the previous version (restorable until pruned); the load is a new one.
        const old = current;
        const counts = { rowsBefore: old.rowCount, rowsAfter: profile!.rowCount, rowsLoaded: a.run.rowsLoaded, rowsRejected: a.run.rowsRejected };
        await commitVersion(tx, old, { table, step: 'ingest', params: { run: a.run.id, source: a.run.source }, counts, columns, rowCount: profile!.rowCount, by: 'ingest' });
        await tx.query(`UPDATE catalog.datasets SET content_hash = $2, source_format = $3 WHERE id = $1`, [current.id, a.contentHash, a.format]);
        a.run.datasetId = current.id;
        // A cleaned dataset's new rows go through its recipe, as the old ones did.
        const report = await this.cleaning.rerunRecipeIn(tx, a.name, 'ingest');
        a.run.recipe = report;
        if (!report) return profile!.rowCount;
        const [now] = await tx.query<{ row_count: number }>(`SELECT row_count FROM catalog.datasets WHERE id = $1`, [current.id]);
        return Number(now!.row_count);
      }
      await guardDataTable(tx, table, currentTenant());
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO catalog.datasets (tenant_id, name, label, table_name, row_count, content_hash, source_format) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [currentTenant(), a.name, a.label, table, profile!.rowCount, a.contentHash, a.format],
      );
      await insertColumns(tx, row!.id, columns);
      a.run.datasetId = row!.id;
      return profile!.rowCount;
    }
  }

  private async dropStaging(staging: string): Promise<void> {
    await this.wh.query(`DROP TABLE IF EXISTS ${tableRef(staging)}`);
  }

  private async finish(run: IngestionRunEntity, started: number, status: IngestionRunEntity['status']): Promise<IngestionRunEntity> {
    run.status = status;
    run.finishedAt = new Date();
    run.durationMs = Math.round(performance.now() - started);
    return this.wh.dataSource.getRepository(IngestionRunEntity).save(run);
  }

  /**
   * Fails the runs, and drops the staging tables, of loads whose process is gone: only those whose
   * owner lock is free (see LoadLocks), so other live servers' and CLIs' loads on the same
   * database carry on. Returns the number of loads cleaned up.
   */
  async recoverInterrupted(): Promise<number> {
    const running = await this.wh.query<{ id: string }>(`SELECT id FROM catalog.ingestion_runs WHERE status = 'running'`);
    let recovered = 0;
    for (const r of running) {
      const done = await this.wh.loadLocks.ifOrphaned(r.id, async () => {
        await this.dropStaging(stagingName(r.id));
        await this.wh.query(
          `UPDATE catalog.ingestion_runs SET status = 'failed', error = 'interrupted: the process stopped during the load', error_code = 'INGEST_REJECTED', finished_at = now() WHERE id = $1 AND status = 'running'`,
          [r.id],
        );
      });
      if (done) recovered++;
    }
    // Staging tables whose run is no longer running (a cleanup that failed after its load did).
    const tables = await this.wh.query<{ tablename: string }>(
      `SELECT t.tablename FROM pg_tables t WHERE t.schemaname = $1 AND t.tablename LIKE '\\_stg\\_%'
         AND NOT EXISTS (SELECT 1 FROM catalog.ingestion_runs r WHERE r.status = 'running' AND replace(r.id::text, '-', '') = substr(t.tablename, 6))`,
      [WAREHOUSE_SCHEMA],
    );
    for (const t of tables) await this.dropStaging(t.tablename);
    return recovered + tables.length;
  }
}
