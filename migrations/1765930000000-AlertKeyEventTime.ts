import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `realtime.alerts` was unique per (detector, entry, event, segment), so when one event closed
 * several buckets of a series (a gap filled with empty buckets) and each alerted, the scorer's
 * `ON CONFLICT DO NOTHING` kept only the first. The bucket's time joins the key; NULLS NOT
 * DISTINCT because an event without a time (event_time NULL) must still be stored once when a
 * round is scored twice after a crash. The old constraint was created unnamed, so its name is read
 * from pg_constraint rather than assumed.
 */
export class AlertKeyEventTime1765930000000 implements MigrationInterface {
  name = 'AlertKeyEventTime1765930000000';

  async up(q: QueryRunner): Promise<void> {
    await dropUniqueOn(q, ['detector_id', 'event_seq', 'event_index', 'segment']);
    await q.query(`ALTER TABLE realtime.alerts ADD CONSTRAINT alerts_event_key UNIQUE NULLS NOT DISTINCT (detector_id, event_seq, event_index, segment, event_time)`);
  }

  /**
   * Back to the narrower key: rows that share it (several buckets of one event) keep the lowest id,
   * as the old insert would have, else the constraint could not be built. The verdicts on the
   * deleted alerts go with them (alert_feedback cascades); threshold_history keeps its rows.
   */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE realtime.alerts DROP CONSTRAINT alerts_event_key`);
    await q.query(`DELETE FROM realtime.alerts a USING realtime.alerts b
      WHERE a.detector_id = b.detector_id AND a.event_seq = b.event_seq AND a.event_index = b.event_index AND a.segment = b.segment AND a.id > b.id`);
    await q.query(`ALTER TABLE realtime.alerts ADD UNIQUE (detector_id, event_seq, event_index, segment)`);
  }
}

/** Drops the unique constraint of realtime.alerts over exactly `columns` (in that order). */
async function dropUniqueOn(q: QueryRunner, columns: readonly string[]): Promise<void> {
  const rows: { conname: string }[] = await q.query(
    `SELECT c.conname FROM pg_constraint c
      WHERE c.conrelid = 'realtime.alerts'::regclass AND c.contype = 'u'
        AND ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num ORDER BY k.ord) = $1::text[]`,
    [columns],
  );
  if (rows.length !== 1) throw new Error(`expected one unique constraint on realtime.alerts (${columns.join(', ')}), found ${rows.length}`);
  await q.query(`ALTER TABLE realtime.alerts DROP CONSTRAINT ${quoteIdent(rows[0]!.conname)}`);
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
