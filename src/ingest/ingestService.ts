import { randomUUID } from 'node:crypto';
import { batchShapes } from '../cleaning/batchReplay.js';
import { CleaningService } from '../cleaning/cleaningService.js';
import type { EventBus } from '../events/eventBus.js';
import { AppError, ErrorCode, isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { CatalogRepository } from '../warehouse/catalogRepository.js';
import type { IngestionMode, IngestionRunEntity } from '../warehouse/entities/IngestionRunEntity.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { toDatasetName } from './identifiers.js';
import { finishRun, startRun } from './ingestionRun.js';
import { idempotencyKeyOf, type IngestPhases, type IngestReport, type IngestRequest } from './ingestRequest.js';
import { openLoadSource, type LoadSource } from './loadSource.js';
import { appendTarget, inferTarget, type Target } from './loadTarget.js';
import { recoverInterruptedLoads } from './recoverLoads.js';
import { RejectedRows } from './rejectedRows.js';
import { copyToStaging, type CopyCounts } from './stagingCopy.js';
import { checkColumnCount, createStaging, dropStaging, stagingName } from './stagingTable.js';
import { alreadyLoaded, refuseCollision, swapIn } from './swapIn.js';

export type { IngestInput } from './openInput.js';
export type { IngestPhases, IngestReport, IngestRequest } from './ingestRequest.js';

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

/** One load in progress: its run, what it has made so far, and what must be released if it fails. */
interface Load {
  name: string;
  mode: IngestionMode;
  run: IngestionRunEntity;
  started: number;
  staging: string;
  stagingCreated: boolean;
  source: LoadSource | null;
  /** True once every row was read: a failure after it has no input left to stop. */
  copied: boolean;
  phases: IngestPhases;
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

  /**
   * Fails the runs, and drops the staging tables, of loads whose process is gone (recoverLoads.ts).
   * Returns the number of loads cleaned up.
   */
  recoverInterrupted(): Promise<number> {
    return recoverInterruptedLoads(this.wh);
  }

  private async ingestOwned(req: IngestRequest, name: string, runId: string): Promise<IngestReport> {
    const [existing] = await this.catalog.datasetsByNames([name]);
    const mode: IngestionMode = req.append && existing ? 'append' : existing ? 'replace' : 'create';
    if (existing && mode === 'replace' && !req.replace) refuseCollision(existing.label, req.name, name);
    const idempotencyKey = idempotencyKeyOf(req);
    const run = await startRun(this.wh, req, { id: runId, name, datasetId: existing?.id ?? null, mode, idempotencyKey });
    const started = performance.now();
    const load: Load = { name, mode, run, started, staging: stagingName(run.id), stagingCreated: false, source: null, copied: false, phases: { prepare: 0, copy: 0, produce: 0, profile: 0, swap: 0, total: 0 } };
    const counts: CopyCounts = { read: 0, loaded: 0, rejected: 0, produceMs: 0 };
    const rejects = new RejectedRows(this.wh, run, counts);
    try {
      // Files are read, parsed and converted by a worker thread; streams in this thread.
      const source = (load.source = await openLoadSource(req, this.useWorker));
      run.format = source.format;
      const target = await this.prepareStaging(load, source, existing?.name);
      const copyStarted = performance.now();
      const { bytes, contentHash } = await copyToStaging(this.wh, { staging: load.staging, target, source, strict: !!req.strict, rejects, counts, onProgress: req.onProgress });
      load.copied = true;
      load.phases.copy = performance.now() - copyStarted;
      req.onProgress?.({ rowsRead: counts.read, bytesRead: source.bytesRead() });
      load.phases.produce = counts.produceMs;
      await rejects.flush();
      Object.assign(run, { rowsRead: counts.read, rowsLoaded: counts.loaded, rowsRejected: counts.rejected, bytes });

      if (counts.read === 0) throw new AppError(ErrorCode.INGEST_REJECTED, 'the file has a header but no data rows');
      if (counts.loaded === 0) {
        const first = rejects.first[0];
        throw new AppError(ErrorCode.INGEST_REJECTED, `all ${counts.rejected} rows were rejected; first: line ${first?.line}: ${first?.reason}`);
      }
      run.contentHash = contentHash;
      // A cheap look first; the deciding one is under the dataset's lock in the swap.
      if (await alreadyLoaded(this.wh, mode, existing?.contentHash ?? null, existing?.id ?? null, contentHash, idempotencyKey)) return await this.unchanged(load);
      const swap = { name, label: req.name, mode, replace: !!req.replace, staging: load.staging, target, run, contentHash, idempotencyKey, format: source.format, phases: load.phases };
      const rowCount = await swapIn({ wh: this.wh, cleaning: this.cleaning, log: this.log }, swap);
      if (rowCount === null) return await this.unchanged(load);
      load.stagingCreated = false;
      const done = await finishRun(this.wh, run, started, 'succeeded');
      const kind = run.mode === 'append' ? 'appended' : run.mode === 'replace' ? 'replaced' : 'loaded';
      this.events?.publish('dataset', { dataset: name, kind, rowCount, runId: run.id, at: new Date() });
      return { run: done, firstRejections: rejects.first, phases: this.logPhases(run, load.phases, started) };
    } catch (e) {
      await this.failed(load, e);
      throw e;
    } finally {
      await load.source?.close(false);
    }
  }

  /** The load's target columns, and its staging table made with them. */
  private async prepareStaging(load: Load, source: LoadSource, appendTo: string | undefined): Promise<Target> {
    const shapes = load.mode === 'append' ? await batchShapes(this.wh, appendTo!) : null;
    checkColumnCount(source.labels);
    const target = load.mode === 'append' ? appendTarget(load.name, shapes!, source.labels) : inferTarget(source.labels, source.sample);
    await createStaging(this.wh, load.staging, target);
    load.stagingCreated = true;
    load.phases.prepare = performance.now() - load.started;
    return target;
  }

  /** Rows already loaded: nothing changes, and the run says so. */
  private async unchanged(load: Load): Promise<IngestReport> {
    const { run } = load;
    await dropStaging(this.wh, load.staging);
    load.stagingCreated = false;
    await this.wh.query(`DELETE FROM catalog.rejected_rows WHERE run_id = $1`, [run.id]);
    const same = await finishRun(this.wh, run, load.started, 'unchanged');
    return { run: same, firstRejections: [], phases: this.logPhases(run, load.phases, load.started) };
  }

  /** A load that failed: its input released, its staging table dropped and its run failed with the reason. */
  private async failed(load: Load, e: unknown): Promise<void> {
    const { run } = load;
    // A load that stops early (strict mode, a COPY error) releases its file or socket.
    await load.source?.close(!load.copied);
    load.source = null;
    const app = isAppError(e) ? e : null;
    run.error = app ? app.message : 'internal error while loading; see the server log';
    run.errorCode = app ? app.code : ErrorCode.INTERNAL_SERVER_ERROR;
    if (!app) this.log.error({ err: e, run: run.id }, 'ingest failed');
    // The failure may have been the database dropping connections: the pool may still hold
    // some that are dead, so the cleanup tries again on fresh ones rather than waiting for a restart.
    await retry(async () => {
      if (load.stagingCreated) await dropStaging(this.wh, load.staging);
      load.stagingCreated = false;
      await finishRun(this.wh, run, load.started, 'failed');
    }).catch((d) => this.log.error({ err: d, run: run.id }, 'could not clean up after a failed load; the next start will'));
  }

  private logPhases(run: IngestionRunEntity, phases: IngestPhases, started: number): IngestPhases {
    phases.total = performance.now() - started;
    const ms = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)]));
    this.log.debug({ run: run.id, dataset: run.datasetName, rows: run.rowsLoaded, ms }, 'ingest phases (ms)');
    return phases;
  }
}
