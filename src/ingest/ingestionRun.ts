// A load's row in catalog.ingestion_runs: saved as running when the load starts, finished with its
// status (succeeded, unchanged or failed), its time and its counts.
import { currentTenant } from '../auth/requestScope.js';
import { IngestionRunEntity, type IngestionMode } from '../warehouse/entities/IngestionRunEntity.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { IngestRequest } from './ingestRequest.js';

export interface NewRun {
  id: string;
  name: string;
  datasetId: string | null;
  mode: IngestionMode;
  idempotencyKey: string | null;
}

/** Saves the run as running. */
export async function startRun(wh: Warehouse, req: IngestRequest, r: NewRun): Promise<IngestionRunEntity> {
  const runs = wh.dataSource.getRepository(IngestionRunEntity);
  return runs.save(
    runs.create({
      tenantId: currentTenant(),
      id: r.id,
      datasetName: r.name,
      datasetId: r.datasetId,
      status: 'running',
      mode: r.mode,
      format: req.format ?? null,
      source: req.sourceLabel ?? (req.input.kind === 'file' ? req.input.path : 'stream'),
      idempotencyKey: r.mode === 'append' ? r.idempotencyKey : null,
      startedAt: new Date(),
    }),
  );
}

/** Saves the run's end: its status and how long it took since `started` (a performance.now() reading). */
export async function finishRun(wh: Warehouse, run: IngestionRunEntity, started: number, status: IngestionRunEntity['status']): Promise<IngestionRunEntity> {
  run.status = status;
  run.finishedAt = new Date();
  run.durationMs = Math.round(performance.now() - started);
  return wh.dataSource.getRepository(IngestionRunEntity).save(run);
}
