import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../src/warehouse/warehouse.js';
import { createLogger } from '../../../src/shared/logger.js';
import { testTargets } from '../../support/targets.js';

// Migration AlertKeyEventTime1765930000000 widened realtime.alerts' unique key with event_time.
// Its `down` must narrow it again on a table that already holds alerts the narrow key forbids
// (several buckets closed by one event): those keep their lowest id, and their verdicts go with them.
const MIGRATION = 'AlertKeyEventTime1765930000000';

/** The unique constraints of realtime.alerts, each as its column list. */
const uniqueKeys = (wh: Warehouse) =>
  wh
    .query<{ cols: string }>(
      `SELECT (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(num, ord)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num) AS cols
         FROM pg_constraint c WHERE c.conrelid = 'realtime.alerts'::regclass AND c.contype = 'u'`,
    )
    .then((rows) => rows.map((r) => r.cols));

describe.each(testTargets())('migration AlertKeyEventTime down and up again ($kind)', (target) => {
  let wh: Warehouse;
  let drop: () => Promise<void>;
  let detector: string;
  const insertAlert = (eventTime: string | null, index = 0) =>
    wh.query<{ id: string }>(
      `INSERT INTO realtime.alerts (tenant_id, dataset, detector_id, event_seq, event_index, event_time, segment, score, threshold, severity)
       VALUES ('t1', 'meter', $1, 7, $2, $3::timestamptz, 's1', 5, 4.5, 0.6) RETURNING id::text AS id`,
      [detector, index, eventTime],
    );

  beforeAll(async () => {
    const db = await target.fresh();
    drop = db.drop;
    wh = await Warehouse.open({ databaseUrl: db.config.databaseUrl, dataDir: db.config.dataDir, logger: createLogger('silent'), poolSize: 2 });
    await wh.migrate();
    const [d] = await wh.query<{ id: string }>(
      `INSERT INTO realtime.detectors (tenant_id, dataset, kind, agg, window_size, threshold, warmup) VALUES ('t1', 'meter', 'SERIES_ANOMALY', 'SUM', 0, 4.5, 30) RETURNING id::text AS id`,
    );
    detector = d!.id;
  }, 120_000);
  afterAll(async () => {
    await wh?.close();
    await drop?.();
  });

  it('down keeps the lowest id of alerts sharing the narrow key (their verdicts go with the others), restores that key; up widens it again', async () => {
    expect(await uniqueKeys(wh)).toEqual(['detector_id,event_seq,event_index,segment,event_time']);
    // One event closing three buckets: three alerts the wide key allows; one more event of its own.
    const [first] = await insertAlert('2026-01-01T00:00:00Z');
    const [second] = await insertAlert('2026-01-01T01:00:00Z');
    await insertAlert('2026-01-01T02:00:00Z');
    const [other] = await insertAlert(null, 1);
    await wh.query(`INSERT INTO realtime.alert_feedback (tenant_id, alert_id, verdict) VALUES ('t1', $1, 'TRUE_POSITIVE'), ('t1', $2, 'FALSE_POSITIVE')`, [first!.id, second!.id]);

    await wh.dataSource.undoLastMigration({ transaction: 'each' });
    const applied = await wh.query<{ name: string }>(`SELECT name FROM insightql_migrations`);
    expect(applied.map((r) => r.name)).not.toContain(MIGRATION);
    expect(await uniqueKeys(wh)).toEqual(['detector_id,event_seq,event_index,segment']);
    const left = await wh.query<{ id: string }>(`SELECT id::text AS id FROM realtime.alerts ORDER BY id`);
    expect(left.map((r) => r.id)).toEqual([first!.id, other!.id]);
    const verdicts = await wh.query<{ alert_id: string }>(`SELECT alert_id::text AS alert_id FROM realtime.alert_feedback`);
    expect(verdicts.map((r) => r.alert_id)).toEqual([first!.id]);
    // The narrow key is in force: another bucket of the same event is refused.
    await expect(insertAlert('2026-01-01T03:00:00Z')).rejects.toThrow();

    expect(await wh.migrate()).toEqual([MIGRATION]);
    expect(await uniqueKeys(wh)).toEqual(['detector_id,event_seq,event_index,segment,event_time']);
    await insertAlert('2026-01-01T03:00:00Z');
    // NULLS NOT DISTINCT: an event without a time is still stored once.
    await expect(insertAlert(null, 1)).rejects.toThrow();
    expect(await wh.migrate()).toEqual([]);
  }, 120_000);
});
