import { alertWithinFilters } from '../auth/alertScope.js';
import { hasRole, type Principal, type Role } from '../auth/principal.js';
import { readDataset, tableRef } from '../cleaning/versionStore.js';
import type { Bus } from '../events/bus.js';
import type { EventBus } from '../events/eventBus.js';
import { primaryTimeColumn } from '../shared/catalog.js';
import { AppError, ErrorCode, badInput } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { quoteIdent, type Warehouse } from '../warehouse/warehouse.js';
import { AlertStore, type AlertFilter, type AlertRecord } from './alertStore.js';
import { alertStream } from './alertStream.js';
import { LiveDetector } from './core/detector.js';
import { parseEventBody, type ParsedEvent } from './core/parseEvents.js';
import { train, type SeriesSegment } from './core/seriesAnomaly.js';
import { nextMultiplier, thresholdInForce, type Verdict } from './core/thresholdRule.js';
import { validateDetector, type DetectorInputShape } from './core/validateDetector.js';
import { DetectorStore, notFound, type DetectorRecord } from './detectorStore.js';
import { EventIntake, type AppendResult } from './eventIntake.js';
import { saveStates, Scorer } from './scorer.js';

/** Rows of history a new detector learns from (the most recent). */
const HISTORY_ROWS = 20_000;
const MAX_ALERTS = 10_000;

export interface RealtimeOptions {
  driftFactor: number;
  databaseUrl: string | null;
}

/**
 * Real time, composed: event intake, detectors, the scorer, alerts and their live stream, and
 * feedback. Every method takes the principal: viewers read and subscribe; analysts send events and
 * manage detectors; another tenant's objects are NOT_FOUND, as missing ones are.
 */
export class RealtimeService {
  readonly intake: EventIntake;
  readonly detectors: DetectorStore;
  readonly alerts: AlertStore;
  readonly scorer: Scorer;
  private stopAlerts: (() => void) | null = null;

  constructor(
    private readonly wh: Warehouse,
    private readonly bus: Bus,
    private readonly events: EventBus,
    private readonly log: Logger,
    opts: RealtimeOptions,
  ) {
    this.intake = new EventIntake(wh);
    this.detectors = new DetectorStore(wh);
    this.alerts = new AlertStore(wh);
    this.scorer = new Scorer(wh, bus, log, { driftFactor: opts.driftFactor }, opts.databaseUrl);
  }

  /** Starts scoring (if this process wins the lock) and relays every process's new alerts to this one's subscribers. */
  async start(): Promise<void> {
    // Reads run one after another so subscribers get alerts in the order they were announced.
    let chain: Promise<void> = Promise.resolve();
    this.stopAlerts = this.bus.onMessage((m) => {
      if (m.t !== 'alerts') return;
      if (m.rows) {
        const rows = m.rows;
        chain = chain.then(() => rows.forEach((a) => this.events.publish('alert', a))).catch((e) => this.log.warn({ err: (e as Error).message }, 'could not push announced alerts'));
        return;
      }
      chain = chain.then(() =>
        this.alerts.byIds(m.ids).then(
          (rows) => rows.forEach((a) => this.events.publish('alert', a)),
          (e) => this.log.warn({ err: (e as Error).message }, 'could not read announced alerts'),
        ),
      );
    });
    await this.scorer.start();
  }

  async close(): Promise<void> {
    this.stopAlerts?.();
    await this.scorer.close();
  }

  /** Appends a request body (NDJSON or a JSON array) of events. */
  async appendBody(p: Principal, dataset: string, body: string): Promise<AppendResult> {
    const parsed = parseEventBody(body);
    if ('error' in parsed) throw badInput(parsed.error, { field: 'body' });
    return this.append(p, dataset, parsed);
  }

  /** Appends already parsed events (GraphQL `appendRows`). */
  async appendRows(p: Principal, dataset: string, rows: readonly unknown[]): Promise<AppendResult> {
    return this.append(p, dataset, rows.map((value) => ({ ok: true as const, value })));
  }

  private async append(p: Principal, dataset: string, parsed: ParsedEvent[]): Promise<AppendResult> {
    require(p, 'analyst', 'send events');
    this.visible(p, dataset);
    const r = await this.intake.append(p.tenantId, dataset, parsed);
    if (r.seq !== null) {
      this.scorer.wake();
      // Not awaited: the events are committed, and the acknowledgement need not wait for the
      // scorer's process to be told (a lost message costs latency only: scorers poll the log).
      void this.bus.send({ t: 'events', tenant: p.tenantId, dataset }).catch(() => undefined);
    }
    return r;
  }

  async createDetector(p: Principal, input: DetectorInputShape & { dataset: string }): Promise<DetectorRecord> {
    require(p, 'analyst', 'create detectors');
    this.visible(p, input.dataset);
    const ds = await readDataset(this.wh, input.dataset);
    if (!ds) throw new AppError(ErrorCode.DATASET_NOT_FOUND, `no dataset '${input.dataset}'`, { dataset: input.dataset });
    const spec = validateDetector(input, ds.columns, 0);
    const record = await this.detectors.insert(p.tenantId, ds.name, spec);
    try {
      await this.learnHistory(record, ds.tableName, ds.columns);
    } catch (e) {
      this.log.warn({ err: e, detector: record.id }, 'could not learn from the dataset history; the detector trains on the stream');
    }
    await this.announce(p.tenantId, record.id);
    return record;
  }

  /**
   * A new detector learns from the dataset's most recent rows: series models train on the history
   * (so it is the warmup), peer groups, key histories and seen values fill in. Nothing alerts on it.
   */
  private async learnHistory(record: DetectorRecord, table: string, columns: { name: string; type: string; role: string }[]): Promise<void> {
    const time = primaryTimeColumn({ columns } as never) as { name: string; type: string } | undefined;
    const needed = [record.measure, record.segmentBy, record.keyColumn].filter((c): c is string => !!c);
    const select = [...new Set([...(time ? [time.name] : []), ...needed])];
    if (!select.length) return;
    const order = time ? `ORDER BY ${quoteIdent(time.name)} DESC NULLS LAST` : '';
    const rows = (await this.wh.query<Record<string, unknown>>(`SELECT ${select.map((c) => `${quoteIdent(c)}${time && c === time.name ? '::text' : ''} AS ${quoteIdent(c)}`).join(', ')} FROM ${tableRef(table)} ${order} LIMIT ${HISTORY_ROWS}`)).reverse();
    if (!rows.length) return;
    const live = new LiveDetector({ ...record, warmup: Number.MAX_SAFE_INTEGER });
    const points = rows.map((r, i) => {
      const t = time ? Date.parse(`${String(r[time.name]).replace(' ', 'T')}${time.type === 'date' ? 'T00:00:00' : ''}Z`) : i;
      const row: Record<string, unknown> = {};
      for (const c of needed) row[c] = typeof r[c] === 'string' && columns.find((x) => x.name === c)?.type === 'numeric' ? Number(r[c]) : r[c];
      return { time: Number.isFinite(t) ? t : i, row };
    });
    live.score(points);
    if (record.kind === 'SERIES_ANOMALY') {
      for (const [k, s] of live.states) {
        const seg = s as SeriesSegment;
        if (seg.warm.length >= Math.max(30, Math.min(record.warmup, seg.warm.length))) train(record, seg, seg.warm);
        live.dirty.add(k);
      }
    }
    await this.wh.transaction((tx) => saveStates(tx, [{ record, live }]));
  }

  async listDetectors(p: Principal, dataset: string | null): Promise<DetectorRecord[]> {
    if (dataset) this.visible(p, dataset);
    const all = await this.detectors.list(p.tenantId, dataset);
    return p.datasets === null ? all : all.filter((d) => p.datasets!.includes(d.dataset));
  }

  async getDetector(p: Principal, id: string): Promise<DetectorRecord> {
    const d = await this.detectors.get(p.tenantId, id);
    if (p.datasets !== null && !p.datasets.includes(d.dataset)) throw notFound(id);
    return d;
  }

  async setDetectorStatus(p: Principal, id: string, status: 'active' | 'paused'): Promise<DetectorRecord> {
    require(p, 'analyst', 'pause or resume detectors');
    await this.getDetector(p, id);
    const d = await this.detectors.setStatus(p.tenantId, id, status);
    await this.announce(p.tenantId, id);
    return d;
  }

  async deleteDetector(p: Principal, id: string): Promise<boolean> {
    require(p, 'analyst', 'delete detectors');
    await this.getDetector(p, id);
    await this.detectors.delete(p.tenantId, id);
    await this.announce(p.tenantId, id);
    return true;
  }

  async listAlerts(p: Principal, f: Omit<AlertFilter, 'limit'> & { limit: number | null }): Promise<AlertRecord[]> {
    if (f.dataset) this.visible(p, f.dataset);
    const limit = f.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ALERTS) throw badInput(`limit must be 1 to ${MAX_ALERTS}`, { field: 'limit' });
    const rows = await this.alerts.list(p.tenantId, { ...f, limit });
    const seen = p.datasets === null ? rows : rows.filter((a) => p.datasets!.includes(a.dataset));
    if (!p.rowFilters.length) return seen;
    const visible = this.alertVisibility(p);
    const keep = await Promise.all(seen.map(visible));
    return seen.filter((_, i) => keep[i]);
  }

  /**
   * Row filters reach alerts (src/auth/alertScope.ts): a filtered key sees an alert only when its
   * detector's segment pins the filters. Detectors are looked up once per id per call.
   */
  private alertVisibility(p: Principal): (a: AlertRecord) => Promise<boolean> {
    const detectors = new Map<string, Promise<DetectorRecord | null>>();
    return async (a) => {
      if (!p.rowFilters.length) return true;
      let d = detectors.get(a.detectorId);
      if (!d) detectors.set(a.detectorId, (d = this.detectors.get(p.tenantId, a.detectorId).catch(() => null)));
      const det = await d;
      return !!det && alertWithinFilters(p.rowFilters, det, a.segment);
    };
  }

  subscribeAlerts(p: Principal, a: { dataset: string | null; minSeverity: number | null; after: string | null }, connection?: { drop: () => void; unsentBytes: () => number }): AsyncIterableIterator<AlertRecord> {
    if (a.dataset) this.visible(p, a.dataset);
    if (a.after !== null && !/^\d{1,18}$/.test(a.after)) throw badInput(`after must be an alert id; got '${a.after}'`, { field: 'after' });
    if (p.datasets !== null && a.dataset === null) throw badInput('this key sees only some datasets: subscribe to one of them by name', { field: 'dataset' });
    // Subscription counts per connection and per key are harden's plugins' (src/server/plugins/subscriptionLimit.ts).
    const stream = alertStream(this.events, this.alerts, { tenant: p.tenantId, ...a, ...(connection ? { onOverflow: connection.drop, unsentBytes: connection.unsentBytes } : {}) });
    return p.rowFilters.length ? onlyVisible(stream, this.alertVisibility(p)) : stream;
  }

  /**
   * A verdict on an alert moves its segment's threshold by the documented rule
   * (core/thresholdRule.ts); the change is recorded in the detector's threshold history.
   */
  async feedback(p: Principal, alertId: string, verdict: Verdict, note: string | null): Promise<{ alert: AlertRecord; before: number; after: number }> {
    require(p, 'analyst', 'give feedback on alerts');
    const alert = await this.alerts.get(p.tenantId, alertId);
    if (!alert || (p.datasets !== null && !p.datasets.includes(alert.dataset)) || !(await this.alertVisibility(p)(alert))) throw new AppError(ErrorCode.NOT_FOUND, `no alert '${alertId}'`, { alert: alertId });
    const detector = await this.detectors.get(p.tenantId, alert.detectorId);
    const out = await this.wh.transaction(async (tx) => {
      // The segment's row is locked, so two verdicts at once both count.
      const [row] = await tx.query<{ multiplier: number }>(`SELECT multiplier FROM realtime.detector_state WHERE detector_id = $1 AND segment = $2 FOR UPDATE`, [detector.id, alert.segment]);
      const m0 = Number(row?.multiplier ?? 1);
      const m1 = nextMultiplier(m0, verdict);
      if (row) await tx.query(`UPDATE realtime.detector_state SET multiplier = $3 WHERE detector_id = $1 AND segment = $2`, [detector.id, alert.segment, m1]);
      else await tx.query(`INSERT INTO realtime.detector_state (tenant_id, detector_id, segment, state, multiplier) VALUES ($1, $2, $3, 'null'::jsonb, $4)`, [p.tenantId, detector.id, alert.segment, m1]);
      await tx.query(`INSERT INTO realtime.alert_feedback (tenant_id, alert_id, verdict, note) VALUES ($1, $2, $3, $4)`, [p.tenantId, alert.id, verdict, note]);
      await tx.query(
        `INSERT INTO realtime.threshold_history (tenant_id, detector_id, segment, threshold_before, threshold_after, verdict, alert_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [p.tenantId, detector.id, alert.segment, thresholdInForce(detector.kind, detector.threshold, m0), thresholdInForce(detector.kind, detector.threshold, m1), verdict, alert.id],
      );
      return { before: thresholdInForce(detector.kind, detector.threshold, m0), after: thresholdInForce(detector.kind, detector.threshold, m1) };
    });
    await this.announce(p.tenantId, detector.id);
    return { alert, ...out };
  }

  async thresholdHistory(tenant: string, detectorId: string): Promise<{ segment: string; before: number; after: number; verdict: string; alertId: string | null; at: string }[]> {
    const rows = await this.wh.query<{ segment: string; threshold_before: number; threshold_after: number; verdict: string; alert_id: string | null; created_at: Date | string }>(
      `SELECT segment, threshold_before, threshold_after, verdict, alert_id::text AS alert_id, created_at FROM realtime.threshold_history WHERE tenant_id = $1 AND detector_id = $2 ORDER BY id`,
      [tenant, detectorId],
    );
    return rows.map((r) => ({ segment: r.segment, before: Number(r.threshold_before), after: Number(r.threshold_after), verdict: r.verdict, alertId: r.alert_id, at: new Date(r.created_at).toISOString() }));
  }

  /** A series model's versions. `modelId` is `<detector id>` (the unsegmented series) or `<detector id>/<segment>`. */
  async modelVersions(p: Principal, modelId: string): Promise<{ modelId: string; version: number; model: string; reason: string; backtestErrorBefore: number | null; liveErrorBefore: number | null; backtestErrorAfter: number; createdAt: string }[]> {
    const slash = modelId.indexOf('/');
    const detectorId = slash < 0 ? modelId : modelId.slice(0, slash);
    const segment = slash < 0 ? '' : modelId.slice(slash + 1);
    await this.getDetector(p, detectorId);
    const rows = await this.wh.query<{ version: number; model: string; reason: string; backtest_mae_before: number | null; live_mae_before: number | null; backtest_mae_after: number; created_at: Date | string }>(
      `SELECT version, model, reason, backtest_mae_before, live_mae_before, backtest_mae_after, created_at FROM realtime.model_versions WHERE tenant_id = $1 AND detector_id = $2 AND segment = $3 ORDER BY id`,
      [p.tenantId, detectorId, segment],
    );
    const num = (x: number | null) => (x === null ? null : Number(x));
    return rows.map((r) => ({ modelId, version: Number(r.version), model: r.model, reason: r.reason, backtestErrorBefore: num(r.backtest_mae_before), liveErrorBefore: num(r.live_mae_before), backtestErrorAfter: Number(r.backtest_mae_after), createdAt: new Date(r.created_at).toISOString() }));
  }

  private async announce(tenant: string, id: string): Promise<void> {
    this.scorer.forget(tenant, null);
    await this.bus.send({ t: 'detector', tenant, id }).catch(() => undefined);
  }

  private visible(p: Principal, dataset: string): void {
    if (p.datasets !== null && !p.datasets.some((d) => d.toLowerCase() === dataset.toLowerCase())) {
      throw new AppError(ErrorCode.DATASET_NOT_FOUND, `no dataset '${dataset}'`, { dataset });
    }
  }
}

function require(p: Principal, role: Role, what: string): void {
  if (!hasRole(p, role)) throw new AppError(ErrorCode.FORBIDDEN, `only an ${role} (or above) may ${what}`, { role: p.role });
}

/** The alerts of `it` that `visible` lets through (a row-filtered subscriber's). */
function onlyVisible(it: AsyncIterableIterator<AlertRecord>, visible: (a: AlertRecord) => Promise<boolean>): AsyncIterableIterator<AlertRecord> {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      for (;;) {
        const r = await it.next();
        if (r.done || (await visible(r.value))) return r;
      }
    },
    return: () => it.return?.() ?? Promise.resolve({ done: true as const, value: undefined }),
    throw: (e?: unknown) => it.throw?.(e) ?? Promise.reject(e),
  };
}
