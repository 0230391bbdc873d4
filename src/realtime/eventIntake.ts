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

/** Events of one request waiting for the next group commit of their dataset. */
interface Pending {
  tenant: string;
  valid: { index: number; ev: ValidEvent }[];
  now: number;
  out: AppendResult;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** Events written per transaction at most (the rest wait for the next one). */
const MAX_EVENTS_PER_COMMIT = 5_000;

/**
 * Appends events to a dataset: each is checked against the dataset's columns with the ingest
 * converters, `_id`s already accepted are dropped as duplicates, and the rest are written in one
 * transaction under the dataset's lock — through the dataset's cleaning recipe (the batch replay
 * of appends) when it has one — together with their ids and an event-log entry the scorer drains.
 * Requests that arrive while a dataset's transaction runs are committed together in the next one
 * (group commit), so many small requests cost few transactions; each still answers only after its
 * rows are committed. The catalog's row count moves with every commit; no profile runs per request.
 */
export class EventIntake {
  private readonly shapes = new Map<string, { ds: LockedDataset; shape: EventShape }>();
  private readonly queues = new Map<string, { items: Pending[]; running: boolean; ds: LockedDataset }>();

  constructor(private readonly wh: Warehouse) {}

  async append(tenant: string, datasetName: string, parsed: readonly ParsedEvent[], now = Date.now()): Promise<AppendResult> {
    if (parsed.length > MAX_EVENTS_PER_REQUEST) {
      throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `${parsed.length.toLocaleString('en-US')} events in one request; send at most ${MAX_EVENTS_PER_REQUEST.toLocaleString('en-US')}`, { events: parsed.length });
    }
    const { ds, shape } = await this.shapeOf(datasetName);
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
    await new Promise<void>((resolve, reject) => this.enqueue(tenant, ds, { tenant, valid, now, out, resolve, reject }));
    return out;
  }

  /** The dataset and its event shape, cached per name (checked against the catalog in every commit). */
  private async shapeOf(name: string): Promise<{ ds: LockedDataset; shape: EventShape }> {
    const hit = this.shapes.get(name.toLowerCase());
    if (hit) return hit;
    const ds = await readDataset(this.wh, name);
    if (!ds) throw new AppError(ErrorCode.DATASET_NOT_FOUND, `no dataset '${name}'`, { dataset: name });
    const entry = { ds, shape: shapeFor(ds) };
    if (this.shapes.size > 1000) this.shapes.clear();
    this.shapes.set(name.toLowerCase(), entry);
    return entry;
  }

  private enqueue(tenant: string, ds: LockedDataset, p: Pending): void {
    const key = `${tenant}\u0000${ds.name.toLowerCase()}`;
    let q = this.queues.get(key);
    if (!q) {
      q = { items: [], running: false, ds };
      this.queues.set(key, q);
    }
    q.items.push(p);
    if (q.running) return;
    q.running = true;
    const queue = q;
    void (async () => {
      while (queue.items.length) {
        let n = 0;
        let take = 0;
        while (take < queue.items.length && (take === 0 || n + queue.items[take]!.valid.length <= MAX_EVENTS_PER_COMMIT)) n += queue.items[take++]!.valid.length;
        const group = queue.items.splice(0, take);
        try {
          await this.commit(tenant, queue.ds, group);
          group.forEach((g) => g.resolve());
        } catch (e) {
          // The dataset may have changed shape: the next request reads it again.
          this.shapes.delete(queue.ds.name.toLowerCase());
          group.forEach((g) => g.reject(e));
        }
      }
      queue.running = false;
      this.queues.delete(key);
    })();
  }

  /** One transaction for a group of requests: ids, rows, row count and one log entry. */
  private async commit(tenant: string, ds: LockedDataset, group: Pending[]): Promise<void> {
    await this.wh.transaction(async (tx) => {
      await lockDataset(tx, ds.name);
      const [now] = await tx.query<{ table_name: string; version: number }>(`SELECT table_name, version FROM catalog.datasets WHERE id = $1`, [ds.id]);
      let current = ds;
      if (!now || now.table_name !== ds.tableName || Number(now.version) !== ds.version) {
        const fresh = await readDataset(tx, ds.name);
        if (!fresh || fresh.id !== ds.id || fresh.columns.length !== ds.columns.length || fresh.columns.some((c, i) => c.name !== ds.columns[i]!.name || c.type !== ds.columns[i]!.type)) {
          throw new AppError(ErrorCode.CONFLICT, `dataset '${ds.name}' changed while the events were checked; nothing was appended — send them again`, { dataset: ds.name });
        }
        current = fresh;
      }
      const all = group.flatMap((g) => g.valid.map((v) => ({ ...v, owner: g })));
      const claimed = await this.claimIds(tx, tenant, ds.name, all);
      // An id sent twice in one group (two requests at once) counts once: the first request's.
      const fresh: typeof all = [];
      const seen = new Set<string>();
      for (const e of all) {
        if (!claimed(e) || (e.ev.id !== null && seen.has(e.ev.id))) {
          e.owner.out.duplicates++;
          continue;
        }
        if (e.ev.id !== null) seen.add(e.ev.id);
        e.owner.out.accepted++;
        fresh.push(e);
      }
      if (!fresh.length) return;
      const logged = await this.insertRows(tx, current, fresh.map((f) => f.ev), group[0]!.now);
      if (!logged.length) return;
      // The row count and the log entry in one round trip: the dataset's lock is held for the
      // whole transaction, so each statement saved shortens every other writer's wait too.
      const [entry] = await tx.query<{ seq: string }>(
        `WITH counted AS (UPDATE catalog.datasets SET row_count = row_count + $4, appended_since_profile = appended_since_profile + $4, updated_at = now() WHERE id = $5 RETURNING id)
         INSERT INTO realtime.event_log (tenant_id, dataset, events) SELECT $1, $2, $3::jsonb FROM counted RETURNING seq::text`,
        [tenant, ds.name, JSON.stringify(logged), logged.length, current.id],
      );
      if (!entry) throw new AppError(ErrorCode.CONFLICT, `dataset '${ds.name}' is gone; nothing was appended`, { dataset: ds.name });
      for (const g of group) if (g.out.accepted) g.out.seq = entry.seq;
    });
  }

  /** Records the events' ids; returns whether an event's id was new (events without one always are). */
  private async claimIds(tx: SqlRunner, tenant: string, dataset: string, events: { ev: ValidEvent }[]): Promise<(e: { ev: ValidEvent }) => boolean> {
    const ids = [...new Set(events.filter((e) => e.ev.id !== null).map((e) => e.ev.id!))];
    if (!ids.length) return () => true;
    const rows = await tx.query<{ event_id: string }>(
      `INSERT INTO realtime.event_ids (tenant_id, dataset, event_id) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING RETURNING event_id`,
      [tenant, dataset.toLowerCase(), ids],
    );
    const claimed = new Set(rows.map((r) => r.event_id));
    return (e) => e.ev.id === null || claimed.has(e.ev.id);
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

function shapeFor(ds: LockedDataset): EventShape {
  const time = primaryTimeColumn(ds);
  return { columns: ds.columns, converters: ds.columns.map((c) => makeConverter(c.type)), timeIndex: time ? ds.columns.indexOf(time) : -1 };
}
