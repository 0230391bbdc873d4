import { AppError, ErrorCode } from '../shared/errors.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';
import type { DetectorSpec } from './core/types.js';

/** A detector as stored. */
export interface DetectorRecord extends DetectorSpec {
  id: string;
  tenantId: string;
  dataset: string;
  status: 'active' | 'paused';
  createdAt: string;
}

interface Row {
  id: string;
  tenant_id: string;
  dataset: string;
  kind: DetectorSpec['kind'];
  measure: string | null;
  agg: DetectorSpec['agg'];
  grain: DetectorSpec['grain'];
  segment_by: string | null;
  key_column: string | null;
  window_size: number;
  threshold: number;
  warmup: number;
  status: 'active' | 'paused';
  created_at: Date | string;
}

const COLS = `id, tenant_id, dataset, kind, measure, agg, grain, segment_by, key_column, window_size, threshold, warmup, status, created_at`;

function toRecord(r: Row): DetectorRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    dataset: r.dataset,
    kind: r.kind,
    measure: r.measure,
    agg: r.agg,
    grain: r.grain,
    segmentBy: r.segment_by,
    keyColumn: r.key_column,
    window: Number(r.window_size),
    threshold: Number(r.threshold),
    warmup: Number(r.warmup),
    status: r.status,
    createdAt: r.created_at instanceof Date ? r.created_at.toISOString() : String(r.created_at),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Detectors of a tenant; every read and write names the tenant (RLS backs it up). */
export class DetectorStore {
  constructor(private readonly db: SqlRunner) {}

  async insert(tenant: string, dataset: string, spec: DetectorSpec, on: SqlRunner = this.db): Promise<DetectorRecord> {
    const [r] = await on.query<Row>(
      `INSERT INTO realtime.detectors (tenant_id, dataset, kind, measure, agg, grain, segment_by, key_column, window_size, threshold, warmup)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLS}`,
      [tenant, dataset, spec.kind, spec.measure, spec.agg, spec.grain, spec.segmentBy, spec.keyColumn, spec.window, spec.threshold, spec.warmup],
    );
    return toRecord(r!);
  }

  async list(tenant: string, dataset: string | null): Promise<DetectorRecord[]> {
    const rows = await this.db.query<Row>(`SELECT ${COLS} FROM realtime.detectors WHERE tenant_id = $1 AND ($2::text IS NULL OR lower(dataset) = lower($2)) ORDER BY created_at, id`, [tenant, dataset]);
    return rows.map(toRecord);
  }

  /** Active detectors of one dataset (the scorer's view). */
  async active(tenant: string, dataset: string): Promise<DetectorRecord[]> {
    const rows = await this.db.query<Row>(`SELECT ${COLS} FROM realtime.detectors WHERE tenant_id = $1 AND lower(dataset) = lower($2) AND status = 'active' ORDER BY created_at, id`, [tenant, dataset]);
    return rows.map(toRecord);
  }

  /** One detector of the tenant; NOT_FOUND for a missing id or another tenant's (the same answer). */
  async get(tenant: string, id: string): Promise<DetectorRecord> {
    if (!UUID.test(id)) throw notFound(id);
    const [r] = await this.db.query<Row>(`SELECT ${COLS} FROM realtime.detectors WHERE tenant_id = $1 AND id = $2`, [tenant, id]);
    if (!r) throw notFound(id);
    return toRecord(r);
  }

  async setStatus(tenant: string, id: string, status: 'active' | 'paused'): Promise<DetectorRecord> {
    await this.get(tenant, id);
    const [r] = await this.db.query<Row>(`UPDATE realtime.detectors SET status = $3 WHERE tenant_id = $1 AND id = $2 RETURNING ${COLS}`, [tenant, id, status]);
    return toRecord(r!);
  }

  async delete(tenant: string, id: string): Promise<void> {
    await this.get(tenant, id);
    await this.db.query(`DELETE FROM realtime.detectors WHERE tenant_id = $1 AND id = $2`, [tenant, id]);
  }
}

export function notFound(id: string): AppError {
  return new AppError(ErrorCode.NOT_FOUND, `no detector '${id}'`, { detector: id });
}
