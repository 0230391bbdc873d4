import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/auth/principal.js';
import { runAs } from '../../../src/auth/requestScope.js';
import { createLogger } from '../../../src/shared/logger.js';
import { guardDataTable } from '../../../src/warehouse/rowSecurity.js';
import { Warehouse } from '../../../src/warehouse/warehouse.js';
import { testTargets } from '../../support/targets.js';

const as = (tenantId: string): Principal => ({ kind: 'key', tenantId, role: 'viewer', keyId: null, rowFilters: [], datasets: null, clientKey: null });

/** Every row of a cursor read as `tenant`, with the batch sizes seen. */
async function readAll(wh: Warehouse, tenant: string, text: string, values: unknown[], batchRows: number) {
  return runAs(as(tenant), async () => {
    const rows: unknown[][] = [];
    const batches: number[] = [];
    let fields: string[] = [];
    for await (const b of wh.openCursor(text, values, { batchRows, idleMs: 4321 })) {
      fields = b.fields;
      batches.push(b.rows.length);
      rows.push(...b.rows);
    }
    return { fields, rows, batches };
  });
}

/**
 * Server-side cursor reads (exports): the rows, their parameters and their scope (reader role,
 * tenant, idle timeout) are those of a user query; on PostgreSQL the cursor opens with its first
 * batch in one round trip, and whatever happens — done, stopped early, failed — the pooled
 * connection goes back with no transaction, cursor, role or tenant left on it.
 */
describe.each(testTargets())('cursor reads ($kind)', (target) => {
  let wh: Warehouse;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await target.fresh();
    drop = db.drop;
    // One reader connection: every read below reuses the one the previous read released.
    wh = await Warehouse.open({ databaseUrl: db.config.databaseUrl, dataDir: db.config.dataDir, logger: createLogger('silent'), poolSize: 1, queryTimeoutMs: 5000 });
    await wh.migrate();
    await wh.query(`CREATE TABLE warehouse.cur (id int, tag text, day date)`);
    await wh.query(`INSERT INTO warehouse.cur SELECT g, CASE WHEN g % 2 = 0 THEN 'even' ELSE 'odd' END, DATE '2026-01-01' + g FROM generate_series(1, 1000) g`);
    await guardDataTable(wh, 'cur', 'acme');
  }, 120_000);
  afterAll(async () => {
    await wh?.close();
    await drop?.();
  });

  /** What the (only) reader connection carries between requests: nothing of the last one. */
  const leftover = async () => {
    const readers = (wh as unknown as { readers: pg.Pool | null }).readers;
    if (!readers) return null;
    const { rows } = await readers.query(`SELECT current_user AS who, coalesce(current_setting('insightql.tenant_id', true), '') AS tenant, (SELECT count(*)::int FROM pg_cursors) AS cursors, now() = statement_timestamp() AS fresh_tx`);
    return rows[0] as { who: string; tenant: string; cursors: number; fresh_tx: boolean };
  };
  const clean = async () => {
    const l = await leftover();
    if (l) expect([l.who === 'insightql_reader', l.tenant, l.cursors, l.fresh_tx]).toEqual([false, '', 0, true]);
  };

  it('reads every row in batches, with bind parameters of several types, as the tenant only', async () => {
    const r = await readAll(wh, 'acme', `SELECT id, tag, day FROM warehouse.cur WHERE id > $1 AND tag = ANY($2) AND day >= $3 ORDER BY id`, [100, ['even'], new Date('2026-02-01T00:00:00Z')], 64);
    const expected = Array.from({ length: 1000 }, (_, i) => i + 1).filter((g) => g > 100 && g % 2 === 0 && g >= 31);
    expect(r.fields).toEqual(['id', 'tag', 'day']);
    expect(r.rows.map((x) => x[0])).toEqual(expected);
    expect(r.batches.slice(0, -1).every((n) => n === 64)).toBe(true);
    // Another tenant reads none of them (row-level security, inside the cursor's transaction).
    expect((await readAll(wh, 'other', `SELECT id FROM warehouse.cur`, [], 64)).rows).toEqual([]);
    await clean();
  });

  it('runs as the reader role with the tenant (and on PostgreSQL the idle timeout) set for the transaction only', async () => {
    const r = await readAll(wh, 'acme', `SELECT current_user::text, current_setting('insightql.tenant_id', true), current_setting('idle_in_transaction_session_timeout') FROM generate_series(1, $1::int)`, [3], 2);
    expect(r.rows.length).toBe(3);
    expect(r.rows[0]!.slice(0, 2)).toEqual(['insightql_reader', 'acme']);
    if (target.kind === 'postgres') expect(r.rows[0]![2]).toBe('4321ms');
    await clean();
  });

  it('a read stopped early or failing leaves nothing on the connection', async () => {
    await runAs(as('acme'), async () => {
      for await (const b of wh.openCursor(`SELECT id FROM warehouse.cur ORDER BY id`, [], { batchRows: 10, idleMs: 5000 })) {
        expect(b.rows.length).toBe(10);
        break;
      }
    });
    await clean();
    // Fails at DECLARE (an unknown column) and at the first FETCH (division by zero while reading).
    await expect(readAll(wh, 'acme', `SELECT nope FROM warehouse.cur`, [], 10)).rejects.toThrow();
    await clean();
    await expect(readAll(wh, 'acme', `SELECT 1 / (id - $1::int) FROM warehouse.cur ORDER BY id`, [5], 100)).rejects.toThrow();
    await clean();
    // The connection still serves: the next read is whole.
    expect((await readAll(wh, 'acme', `SELECT id FROM warehouse.cur`, [], 500)).rows.length).toBe(1000);
    await clean();
  });

  it('opens with its first batch in one round trip on PostgreSQL', async () => {
    const readers = (wh as unknown as { readers: pg.Pool | null }).readers;
    if (!readers) return; // the embedded database has no network round trips
    // Each round trip ends with a Sync (extended protocol) or is one simple Query message: count both
    // on the one reader connection while a cursor of one batch is read.
    const c = await readers.connect();
    const conn = (c as unknown as { connection: { sync(): void; query(text: string): void } }).connection;
    c.release();
    const { sync, query } = conn;
    let trips = 0;
    conn.sync = function (this: unknown) {
      trips++;
      return sync.call(this);
    };
    conn.query = function (this: unknown, text: string) {
      trips++;
      return query.call(this, text);
    };
    try {
      const r = await readAll(wh, 'acme', `SELECT id FROM warehouse.cur WHERE id <= $1`, [5], 100);
      expect(r.rows.length).toBe(5);
    } finally {
      conn.sync = sync;
      conn.query = query;
    }
    console.log(`[cursor] a one-batch cursor read took ${trips} round trips (BEGIN + scope + DECLARE + first FETCH: 1, COMMIT: 1)`);
    expect(trips).toBe(2);
    await clean();
  });
});
