import pg from 'pg';
import type { Bus } from '../events/bus.js';
import type { Logger } from '../shared/logger.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { periodForGrain } from './core/buckets.js';
import { LiveDetector, type SegmentState } from './core/detector.js';
import { installModel, refitDue, retrainHistory, type SeriesSegment } from './core/seriesAnomaly.js';
import type { Finding } from './core/types.js';
import { alertAnnouncements } from './alertAnnouncements.js';
import { ALERT_COLUMNS, toRecord, type AlertRecord, type AlertRow } from './alertStore.js';
import { DetectorStore, type DetectorRecord } from './detectorStore.js';
import type { LoggedEvent } from './eventIntake.js';
import { Retrainer } from './retrainer.js';

/** Event-log entries scored per round (one transaction writes their alerts and the detectors' state). */
const ENTRIES_PER_ROUND = 200;
/** How often a process that is not the scorer tries to become it (and every process re-checks the log). */
const LEADER_POLL_MS = 1_000;
const LOCK_KEY = 'insightql.realtime.scorer';

interface Loaded {
  record: DetectorRecord;
  live: LiveDetector;
}

export interface ScorerOptions {
  /** Retrain a series model when its live error exceeds this many times its backtest error. */
  driftFactor: number;
}

/**
 * Drains the event log: one process per database scores (it holds a session advisory lock on
 * Postgres; the embedded database has one process). For each round it reads unscored entries in
 * order, runs each dataset's active detectors, and in one transaction writes the alerts (unique
 * per detector, entry, event, segment and event time, so scoring an entry twice after a crash
 * never makes an alert twice), the touched segments' state and the entries' scored flag; then it announces the
 * new alert ids on the bus. A process that takes over loads the stored state and resumes.
 */
export class Scorer {
  private leader = false;
  private lockClient: pg.Client | null = null;
  private readonly cache = new Map<string, Loaded[]>();
  private draining: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly retrainer = new Retrainer();
  private readonly retraining = new Set<string>();
  private readonly detectors: DetectorStore;
  /** Rounds and entries scored (for tests and the bench). */
  readonly stats = { rounds: 0, entries: 0, alerts: 0, retrains: 0 };

  constructor(
    private readonly wh: Warehouse,
    private readonly bus: Bus,
    private readonly log: Logger,
    private readonly opts: ScorerOptions,
    private readonly databaseUrl: string | null,
  ) {
    this.detectors = new DetectorStore(wh);
  }

  async start(): Promise<void> {
    this.bus.onMessage((m) => {
      if (m.t === 'events') this.wake();
      else if (m.t === 'detector') this.forget(m.tenant, null);
    });
    await this.tryLead();
    this.timer = setInterval(() => void this.tryLead().then(() => this.wake()), LEADER_POLL_MS);
    this.timer.unref();
    this.wake();
  }

  /** Drops cached detectors (all of a tenant's, or one dataset's) so the next round reloads them from the table. */
  forget(tenant: string, dataset: string | null): void {
    for (const k of [...this.cache.keys()]) if (k.startsWith(`${tenant}\u0000`) && (dataset === null || k === key(tenant, dataset))) this.cache.delete(k);
  }

  get isLeader(): boolean {
    return this.leader;
  }

  private async tryLead(): Promise<void> {
    if (this.leader || this.closed) return;
    if (!this.databaseUrl) {
      this.leader = true;
      return;
    }
    const c = new pg.Client({ connectionString: this.databaseUrl, application_name: 'insightql-scorer' });
    c.on('error', () => {
      // The lock went with the connection: stop scoring until it is taken again.
      this.leader = false;
      this.lockClient = null;
    });
    try {
      await c.connect();
      const [r] = (await c.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS ok`, [LOCK_KEY])).rows;
      if (r?.ok) {
        this.lockClient = c;
        this.cache.clear();
        this.leader = true;
        this.log.info('this process scores events');
        return;
      }
    } catch (e) {
      this.log.warn({ err: (e as Error).message }, 'could not ask for the scorer lock');
    }
    await c.end().catch(() => undefined);
  }

  /** Asks for a round soon (coalesced: a round in progress runs once more). */
  wake(): void {
    if (!this.leader || this.closed) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = (async () => {
      try {
        do {
          this.again = false;
          while ((await this.round()) === ENTRIES_PER_ROUND && !this.closed);
        } while (this.again && !this.closed);
      } catch (e) {
        this.log.error({ err: e }, 'scoring round failed; it is retried');
        this.cache.clear();
      } finally {
        this.draining = null;
      }
    })();
  }

  /** Waits for the log to be empty (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async round(): Promise<number> {
    // `event_log.seq`, not the text alias `seq`: entries are scored in commit order ('10' sorts before '9').
    const entries = await this.wh.query<{ seq: string; tenant_id: string; dataset: string; events: LoggedEvent[] | string; received_at: Date | string }>(
      `SELECT seq::text AS seq, tenant_id, dataset, events, received_at FROM realtime.event_log WHERE NOT scored ORDER BY event_log.seq LIMIT ${ENTRIES_PER_ROUND}`,
    );
    if (!entries.length) return 0;
    const alerts: { seq: string; tenant: string; dataset: string; detector: string; f: Finding; received: string }[] = [];
    const touched: Loaded[] = [];
    for (const e of entries) {
      const events = (typeof e.events === 'string' ? JSON.parse(e.events) : e.events) as LoggedEvent[];
      const points = events.map((x) => ({ time: x.t, row: x.row }));
      for (const d of await this.load(e.tenant_id, e.dataset)) {
        // A held point settled here names its own entry (f.batch), which may be an earlier one.
        for (const f of d.live.score(points, 0, e.seq)) alerts.push({ seq: f.batch ?? e.seq, tenant: e.tenant_id, dataset: e.dataset, detector: d.record.id, f, received: new Date(e.received_at).toISOString() });
        if (!touched.includes(d)) touched.push(d);
      }
    }
    // The round's writes are one statement, so one implicit transaction and one round trip.
    // Its commit does not wait for its WAL flush (the scorer's fsync was the largest part of
    // event → alert latency). What it writes is derived from the event log, which intake commits
    // durably before acknowledging: if Postgres itself crashes and loses this commit, the entries
    // are unscored again, state and alerts roll back with them, and the scorer (whose lock
    // connection died with the server) reloads state and scores them again. Only a subscriber
    // that received a lost alert's announcement could see that alert again, with a new id.
    const clashes = sharedKeys(alerts);
    if (clashes) this.log.warn({ clashes }, 'alerts of a round share a key (detector, entry, event, segment, event time): all but the first are dropped');
    const inserted = await commitRound(this.wh, alerts, entries.map((e) => e.seq), touched);
    for (const d of touched) d.live.dirty.clear();
    this.stats.rounds++;
    this.stats.entries += entries.length;
    this.stats.alerts += inserted.length;
    // The rows travel with the announcement when they fit, so no process reads them back.
    for (const m of alertAnnouncements(inserted)) {
      await this.bus.send(m).catch((err) => this.log.warn({ err: (err as Error).message }, 'could not announce alerts; subscribers catch up with `after`'));
    }
    for (const d of touched) this.checkDrift(d);
    return entries.length;
  }

  private async load(tenant: string, dataset: string): Promise<Loaded[]> {
    const k = key(tenant, dataset);
    const hit = this.cache.get(k);
    if (hit) return hit;
    const records = await this.detectors.active(tenant, dataset);
    const loaded: Loaded[] = [];
    const states = records.length
      ? await this.wh.query<{ detector_id: string; segment: string; state: SegmentState | string; multiplier: number }>(
          `SELECT detector_id, segment, state, multiplier FROM realtime.detector_state WHERE detector_id = ANY($1::uuid[])`,
          [records.map((r) => r.id)],
        )
      : [];
    for (const record of records) {
      const live = new LiveDetector(record);
      for (const s of states.filter((x) => x.detector_id === record.id)) {
        live.states.set(s.segment, typeof s.state === 'string' ? JSON.parse(s.state) : s.state);
        if (Number(s.multiplier) !== 1) live.multipliers.set(s.segment, Number(s.multiplier));
      }
      loaded.push({ record, live });
    }
    this.cache.set(k, loaded);
    return loaded;
  }

  /** Starts a retrain in the worker for each drifted segment; the old model scores until the new one is installed. */
  private checkDrift(d: Loaded): void {
    for (const segment of d.live.drifted(this.opts.driftFactor)) {
      const id = `${d.record.id}\u0000${segment}`;
      if (this.retraining.has(id)) continue;
      this.retraining.add(id);
      const seg = d.live.states.get(segment) as SeriesSegment;
      // Without a point held now (the next value settles it, against the new model if it is in by then).
      const { values, sinceTrain, keepLast } = retrainHistory(seg);
      const before = { backtest: seg.backtestMae, live: seg.liveMae, seen: seg.recent.length, sinceTrain };
      // A short history's scheduled refit is not drift: the version history must say which it was.
      const reason = refitDue(seg)
        ? `history grew to ${seg.seen ?? values.length} points since the model was trained on ${seg.trainedOn}`
        : `live error ${seg.liveMae.toPrecision(3)} exceeded ${this.opts.driftFactor} × backtest error ${seg.backtestMae.toPrecision(3)}`;
      void this.retrainer
        .fit(values, periodForGrain(d.record.grain), keepLast)
        .then(async (fitted) => {
          const current = d.live.states.get(segment) as SeriesSegment | undefined;
          if (!current || this.closed) return;
          // Values that arrived while the worker trained are stepped through before it takes over.
          const lag = Math.max(0, current.sinceTrain - before.sinceTrain);
          installModel(current, fitted, Math.min(lag, current.recent.length));
          d.live.dirty.add(segment);
          this.stats.retrains++;
          await this.wh.transaction(async (tx) => {
            await saveStates(tx, [d]);
            await tx.query(
              `INSERT INTO realtime.model_versions (tenant_id, detector_id, segment, version, model, reason, backtest_mae_before, live_mae_before, backtest_mae_after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
              [d.record.tenantId, d.record.id, segment, current.version, current.model?.model ?? 'unknown', reason, before.backtest, before.live, fitted.mae],
            );
          });
          d.live.dirty.clear();
        })
        .catch((e) => this.log.warn({ err: (e as Error).message, detector: d.record.id, segment }, 'retrain failed; the current model keeps scoring'))
        .finally(() => this.retraining.delete(id));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle();
    await this.retrainer.close();
    await this.lockClient?.end().catch(() => undefined);
    this.leader = false;
  }
}

const key = (tenant: string, dataset: string) => `${tenant}\u0000${dataset.toLowerCase()}`;

type PendingAlert = { seq: string; tenant: string; dataset: string; detector: string; f: Finding; received: string };

/**
 * Alerts of a round that repeat an earlier one's unique key (detector, entry, event, segment,
 * event time; migrations/1765930000000-AlertKeyEventTime.ts). One event can close several buckets
 * of a series (a gap filled with zeros) and each may alert: the bucket's time tells them apart, so
 * this should be 0. Counted so that any loss the insert's ON CONFLICT would cause is logged,
 * not silent.
 */
function sharedKeys(alerts: readonly PendingAlert[]): number {
  const keys = new Set(alerts.map((a) => `${a.detector}\u0000${a.seq}\u0000${a.f.eventIndex}\u0000${a.f.segment}\u0000${eventTime(a.f)}`));
  return alerts.length - keys.size;
}

/**
 * A round's writes in one statement: the commit setting (synchronous_commit off, see the caller),
 * the entries' scored flags, the touched segments' state and the alerts (unique per detector,
 * entry, event, segment and event time: a round scored twice after a crash adds none).
 * Data-modifying CTEs all run to completion, read or not; they touch different tables, so none
 * needs another's rows.
 */
async function commitRound(tx: SqlRunner, alerts: PendingAlert[], seqs: string[], touched: Loaded[]): Promise<AlertRecord[]> {
  const col = <T>(pick: (a: PendingAlert) => T) => alerts.map(pick);
  const st = stateArrays(touched);
  const rows = await tx.query<AlertRow>(
    `WITH cfg AS (SELECT set_config('synchronous_commit', 'off', true) AS v),
     scored AS (UPDATE realtime.event_log SET scored = true FROM cfg WHERE seq = ANY($1::bigint[]) RETURNING seq),
     states AS (INSERT INTO realtime.detector_state (tenant_id, detector_id, segment, state) SELECT * FROM unnest($2::text[], $3::uuid[], $4::text[], $5::jsonb[])
       ON CONFLICT (detector_id, segment) DO UPDATE SET state = EXCLUDED.state RETURNING 1)
     INSERT INTO realtime.alerts (tenant_id, dataset, detector_id, event_seq, event_index, event_time, segment, value, expected, lower_bound, upper_bound, score, threshold, severity, model_version, received_at)
     SELECT * FROM unnest($6::text[], $7::text[], $8::uuid[], $9::bigint[], $10::int[], $11::timestamptz[], $12::text[], $13::jsonb[], $14::float8[], $15::float8[], $16::float8[], $17::float8[], $18::float8[], $19::float8[], $20::int[], $21::timestamptz[])
     ON CONFLICT (detector_id, event_seq, event_index, segment, event_time) DO NOTHING RETURNING ${ALERT_COLUMNS}`,
    [
      seqs,
      st.tenants,
      st.ids,
      st.segments,
      st.states,
      col((a) => a.tenant),
      col((a) => a.dataset),
      col((a) => a.detector),
      col((a) => a.seq),
      col((a) => a.f.eventIndex),
      col((a) => eventTime(a.f)),
      col((a) => a.f.segment),
      col((a) => JSON.stringify(a.f.value)),
      col((a) => finite(a.f.expected)),
      col((a) => finite(a.f.lower)),
      col((a) => finite(a.f.upper)),
      col((a) => a.f.score),
      col((a) => a.f.threshold),
      col((a) => a.f.severity),
      col((a) => a.f.modelVersion),
      col((a) => a.received),
    ],
  );
  return rows.map(toRecord).sort((a, b) => Number(a.id) - Number(b.id));
}

/** The alert's event_time: the bucket's start for a bucketed series, else the event's time (null without one). */
const eventTime = (f: Finding) => (Number.isFinite(f.time) ? new Date(f.time).toISOString() : null);
const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);

/** The segments each detector touched since its last save, as columns for an upsert. */
function stateArrays(detectors: Loaded[]): { tenants: string[]; ids: string[]; segments: string[]; states: string[] } {
  const out = { tenants: [] as string[], ids: [] as string[], segments: [] as string[], states: [] as string[] };
  for (const d of detectors) {
    for (const s of d.live.dirty) {
      const st = d.live.states.get(s);
      if (!st) continue;
      out.tenants.push(d.record.tenantId);
      out.ids.push(d.record.id);
      out.segments.push(s);
      out.states.push(JSON.stringify(st));
    }
  }
  return out;
}

/** Upserts the segments each detector touched since its last save (the multiplier is feedback's, never overwritten here). */
export async function saveStates(tx: SqlRunner, detectors: Loaded[]): Promise<void> {
  const st = stateArrays(detectors);
  if (!st.ids.length) return;
  await tx.query(
    `INSERT INTO realtime.detector_state (tenant_id, detector_id, segment, state) SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::jsonb[])
     ON CONFLICT (detector_id, segment) DO UPDATE SET state = EXCLUDED.state`,
    [st.tenants, st.ids, st.segments, st.states],
  );
}
