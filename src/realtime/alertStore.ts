import type { AlertEvent } from '../events/eventBus.js';
import { badInput } from '../shared/errors.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';

/** An alert as stored and served. */
export interface AlertRecord extends AlertEvent {
  id: string;
  tenant: string;
  dataset: string;
  detectorId: string;
  eventTime: string | null;
  segment: string;
  value: unknown;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  score: number;
  threshold: number;
  severity: number;
  modelVersion: number;
  createdAt: string;
}

/** An alert row as the alert columns read it. */
export interface AlertRow {
  id: string;
  tenant_id: string;
  dataset: string;
  detector_id: string;
  event_time: Date | string | null;
  segment: string;
  value: unknown;
  expected: number | null;
  lower_bound: number | null;
  upper_bound: number | null;
  score: number;
  threshold: number;
  severity: number;
  model_version: number;
  created_at: Date | string;
}

/**
 * The columns an alert is read with (in `SELECT` and `RETURNING`). `id` is text here, so an
 * `ORDER BY` must name the column as `alerts.id`: a bare `id` sorts the text alias ('10' < '9').
 */
export const ALERT_COLUMNS = `id::text AS id, tenant_id, dataset, detector_id, event_time, segment, value, expected, lower_bound, upper_bound, score, threshold, severity, model_version, created_at`;
const iso = (v: Date | string | null): string | null => (v === null ? null : v instanceof Date ? v.toISOString() : new Date(v.includes('T') || v.endsWith('Z') || /[+-]\d\d(:?\d\d)?$/.test(v) ? v : `${v}Z`).toISOString());

/** A stored row as served. */
export function toRecord(r: AlertRow): AlertRecord {
  return {
    id: r.id,
    tenant: r.tenant_id,
    dataset: r.dataset,
    detectorId: r.detector_id,
    eventTime: iso(r.event_time),
    segment: r.segment,
    value: r.value,
    expected: r.expected === null ? null : Number(r.expected),
    lower: r.lower_bound === null ? null : Number(r.lower_bound),
    upper: r.upper_bound === null ? null : Number(r.upper_bound),
    score: Number(r.score),
    threshold: Number(r.threshold),
    severity: Number(r.severity),
    modelVersion: Number(r.model_version),
    createdAt: iso(r.created_at)!,
  };
}

/** Parses an alert id (a positive integer as text); null when it is not one. */
export function alertId(id: string): string | null {
  return /^\d{1,18}$/.test(id) ? id : null;
}

export interface AlertFilter {
  dataset: string | null;
  from: string | null;
  to: string | null;
  minSeverity: number | null;
  limit: number;
}

/** Alerts of a tenant: by filter, by ids (fan-out), and after an id (a subscriber's replay). */
export class AlertStore {
  constructor(private readonly db: SqlRunner) {}

  async list(tenant: string, f: AlertFilter): Promise<AlertRecord[]> {
    const from = f.from ? Date.parse(f.from) : null;
    const to = f.to ? Date.parse(f.to) : null;
    if (Number.isNaN(from) || Number.isNaN(to)) throw badInput('from and to must be ISO dates or times', { field: Number.isNaN(from) ? 'from' : 'to' });
    const rows = await this.db.query<AlertRow>(
      `SELECT ${ALERT_COLUMNS} FROM realtime.alerts WHERE tenant_id = $1 AND ($2::text IS NULL OR lower(dataset) = lower($2))
        AND ($3::timestamptz IS NULL OR event_time >= $3) AND ($4::timestamptz IS NULL OR event_time < $4) AND ($5::float8 IS NULL OR severity >= $5)
       ORDER BY alerts.id DESC LIMIT $6`,
      [tenant, f.dataset, from === null ? null : new Date(from).toISOString(), to === null ? null : new Date(to).toISOString(), f.minSeverity, f.limit],
    );
    return rows.map(toRecord);
  }

  async byIds(ids: readonly string[]): Promise<AlertRecord[]> {
    if (!ids.length) return [];
    const rows = await this.db.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM realtime.alerts WHERE id = ANY($1::bigint[]) ORDER BY alerts.id`, [ids]);
    return rows.map(toRecord);
  }

  async get(tenant: string, id: string): Promise<AlertRecord | null> {
    const n = alertId(id);
    if (!n) return null;
    const [r] = await this.db.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM realtime.alerts WHERE tenant_id = $1 AND id = $2::bigint`, [tenant, n]);
    return r ? toRecord(r) : null;
  }

  /** What a subscriber missed: alerts after `after`, oldest first (at most `limit`). */
  async after(tenant: string, after: string, dataset: string | null, minSeverity: number | null, limit: number): Promise<AlertRecord[]> {
    const rows = await this.db.query<AlertRow>(
      `SELECT ${ALERT_COLUMNS} FROM realtime.alerts WHERE tenant_id = $1 AND id > $2::bigint AND ($3::text IS NULL OR lower(dataset) = lower($3)) AND ($4::float8 IS NULL OR severity >= $4) ORDER BY alerts.id LIMIT $5`,
      [tenant, after, dataset, minSeverity, limit],
    );
    return rows.map(toRecord);
  }
}
