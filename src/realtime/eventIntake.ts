import { randomBytes } from 'node:crypto';
import { replayRecipeOnBatch } from '../cleaning/batchReplay.js';
import { lockDataset, readDataset, readRecipeInEffect, tableRef, type LockedDataset } from '../cleaning/versionStore.js';
import { makeConverter } from '../ingest/inferTypes.js';
import { sqlTypeDdl } from '../ingest/sqlTypes.js';
import { primaryTimeColumn } from '../shared/catalog.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';
import { quoteIdent, type Warehouse } from '../warehouse/warehouse.js';
import type { ParsedEvent } from './core/parseEvents.js';
import { typedRow, validateEvent, type EventShape, type ValidEvent } from './core/validateEvent.js';

/** Events one request may carry. */
export const MAX_EVENTS_PER_REQUEST = 10_000;

export interface AppendResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  rejectedRows: { index: number; reason: string }[];
  /** The event-log entry the accepted rows were logged as (null when none were). */
  seq: string | null;
}

/** A logged event, as the scorer reads it: its time (ms; the arrival time when the dataset has none) and its typed row. */
export interface LoggedEvent {
  t: number;
  row: Record<string, unknown>;
}

/**
 * Appends events to a dataset: each is checked against the dataset's columns with the ingest
 * converters, `_id`s already accepted are dropped as duplicates, and the rest are written in one
 * transaction under the dataset's lock — through the dataset's cleaning recipe (the batch replay
 * of appends) when it has one — together with their ids and an event-log entry the scorer drains.
 * The catalog's row count moves with every append; no profile runs per request.
 */
export class EventIntake {
  constructor(private readonly wh: Warehouse) {}

  async append(tenant: string, datasetName: string, parsed: readonly ParsedEvent[], now = Date.now()): Promise<AppendResult> {
    if (parsed.length > MAX_EVENTS_PER_REQUEST) {
      throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `${parsed.length.toLocaleString('en-US')} events in one request; send at most ${MAX_EVENTS_PER_REQUEST.toLocaleString('en-US')}`, { events: parsed.length });
    }
    const ds = await readDataset(this.wh, datasetName);
    if (!ds) throw new AppError(ErrorCode.DATASET_NOT_FOUND, `no dataset '${datasetName}'`, { dataset: datasetName });
    const shape = shapeOf(ds);
    const out: AppendResult = { accepted: 0, duplicates: 0, rejected: 0, rejectedRows: [], seq: null };
    const valid: { index: number; ev: ValidEvent }[] = [];
    const seenIds = new Set<string>();
    parsed.forEach((p, index) => {
      const v = p.ok ? validateEvent(shape, p.value, now) : { reason: p.reason };
      if ('reason' in v) {
        out.rejected++;
        out.rejectedRows.push({ index, reason: v.reason });
      } else if (v.id !== null && seenIds.has(v.id)) out.duplicates++;
      else {
        if (v.id !== null) seenIds.add(v.id);
        valid.push({ index, ev: v });
      }
    });
    if (!valid.length) return out;
    await this.wh.transaction(async (tx) => {
      await lockDataset(tx, ds.name);
      const current = await readDataset(tx, ds.name);
      if (!current || current.tableName !== ds.tableName || current.columns.length !== ds.columns.length) {
        throw new AppError(ErrorCode.CONFLICT, `dataset '${ds.name}' changed while the events were checked; nothing was appended — send them again`, { dataset: ds.name });
      }
      const fresh = await this.claimIds(tx, tenant, ds.name, valid);
      out.duplicates += valid.length - fresh.length;
      if (!fresh.length) return;
      const logged = await this.insertRows(tx, current, fresh.map((f) => f.ev), now);
      out.accepted = fresh.length;
      await tx.query(`UPDATE catalog.datasets SET row_count = row_count + $2, appended_since_profile = appended_since_profile + $2, updated_at = now() WHERE id = $1`, [current.id, logged.length]);
      if (!logged.length) return;
      const [entry] = await tx.query<{ seq: string }>(`INSERT INTO realtime.event_log (tenant_id, dataset, events) VALUES ($1, $2, $3::jsonb) RETURNING seq::text`, [tenant, ds.name, JSON.stringify(logged)]);
      out.seq = entry!.seq;
    });
    return out;
  }

  /** Records the events' ids; returns the events whose id was new (and those without one). */
  private async claimIds(tx: SqlRunner, tenant: string, dataset: string, events: { index: number; ev: ValidEvent }[]): Promise<{ index: number; ev: ValidEvent }[]> {
    const ids = events.filter((e) => e.ev.id !== null).map((e) => e.ev.id!);
    if (!ids.length) return events;
    const rows = await tx.query<{ event_id: string }>(
      `INSERT INTO realtime.event_ids (tenant_id, dataset, event_id) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING RETURNING event_id`,
      [tenant, dataset.toLowerCase(), ids],
    );
    const claimed = new Set(rows.map((r) => r.event_id));
    return events.filter((e) => e.ev.id === null || claimed.has(e.ev.id));
  }

  /** Writes the rows (through the recipe when there is one) and returns them as logged for scoring. */
  private async insertRows(tx: SqlRunner, ds: LockedDataset, events: ValidEvent[], now: number): Promise<LoggedEvent[]> {
    const cols = ds.columns;
    const json = JSON.stringify(events.map((e) => Object.fromEntries(cols.map((c, i) => [c.name, e.values[i]]))));
    const list = cols.map((c) => quoteIdent(c.name)).join(', ');
    const record = `jsonb_to_recordset($1::jsonb) AS x(${cols.map((c) => `${quoteIdent(c.name)} ${sqlTypeDdl(c.type)}`).join(', ')})`;
    const recipe = await readRecipeInEffect(tx, ds);
    if (!recipe.length) {
      await tx.query(`INSERT INTO ${tableRef(ds.tableName)} (${list}) SELECT ${list} FROM ${record}`, [json]);
      return events.map((e) => ({ t: e.time ?? now, row: typedRow(cols, e.values) }));
    }
    const staging = `_stg_evt_${randomBytes(6).toString('hex')}`;
    await tx.query(`CREATE TABLE ${tableRef(staging)} (${cols.map((c) => `${quoteIdent(c.name)} ${sqlTypeDdl(c.type)}`).join(', ')})`);
    await tx.query(`INSERT INTO ${tableRef(staging)} (${list}) SELECT ${list} FROM ${record}`, [json]);
    const replay = await replayRecipeOnBatch(tx, { dataset: ds, staging, shape: 'current' });
    // The cleaned rows, as text per column (what the converters produce), are what gets scored.
    const cleaned = await tx.query<Record<string, string | null>>(`SELECT ${cols.map((c) => `${quoteIdent(c.name)}::text AS ${quoteIdent(c.name)}`).join(', ')} FROM ${tableRef(replay.table)}`);
    await tx.query(`INSERT INTO ${tableRef(ds.tableName)} (${list}) SELECT ${list} FROM ${tableRef(replay.table)}`);
    await tx.query(`DROP TABLE IF EXISTS ${tableRef(replay.table)}`);
    await tx.query(`DROP TABLE IF EXISTS ${tableRef(staging)}`);
    const time = primaryTimeColumn(ds);
    return cleaned.map((r) => {
      const values = cols.map((c) => r[c.name] ?? null);
      const t = time ? Date.parse(`${String(r[time.name]).replace(' ', 'T')}${time.type === 'date' ? 'T00:00:00' : ''}Z`) : NaN;
      return { t: Number.isFinite(t) ? t : now, row: typedRow(cols, values) };
    });
  }
}

function shapeOf(ds: LockedDataset): EventShape {
  const time = primaryTimeColumn(ds);
  return { columns: ds.columns, converters: ds.columns.map((c) => makeConverter(c.type)), timeIndex: time ? ds.columns.indexOf(time) : -1 };
}
