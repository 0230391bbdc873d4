import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../src/warehouse/warehouse.js';
import { createLogger } from '../../../src/shared/logger.js';
import { testTargets } from '../../support/targets.js';
import { DEFAULT_TENANT } from '../../../src/auth/principal.js';
import { guardDataTable } from '../../../src/warehouse/rowSecurity.js';

describe.each(testTargets())('warehouse ($kind)', (target) => {
  let wh: Warehouse;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await target.fresh();
    drop = db.drop;
    wh = await Warehouse.open({ databaseUrl: db.config.databaseUrl, dataDir: db.config.dataDir, logger: createLogger('silent'), poolSize: 3, queryTimeoutMs: 300 });
    await wh.migrate();
    await wh.query(`CREATE TABLE warehouse.t (id int, v text)`);
    // As a load does: the table is the default tenant's, so user queries (the reader role) may read it.
    await guardDataTable(wh, 't', DEFAULT_TENANT);
  });
  afterAll(async () => {
    await wh?.close();
    await drop?.();
  });

  it('migrations are recorded and re-running them applies nothing', async () => {
    expect(await wh.migrate()).toEqual([]);
    const rows = await wh.query<{ name: string }>(`SELECT name FROM insightql_migrations`);
    expect(rows.map((r) => r.name)).toContain('CreateCatalog1764000000000');
  });

  it('returns int8 as numbers and dates as text on both drivers', async () => {
    const [r] = await wh.query<any>(`SELECT count(*) AS n, DATE '2014-03-01' AS d, TIMESTAMP '2014-03-01 10:00:00' AS ts, 1.5::numeric AS x`);
    expect(r).toEqual({ n: 1, d: '2014-03-01', ts: '2014-03-01 10:00:00', x: '1.5' });
  });

  it('concurrent transactions never see each other (a rolled-back row stays invisible)', async () => {
    const seen: number[] = [];
    const a = wh
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO warehouse.t VALUES (1, 'rolled back')`);
        await new Promise((r) => setTimeout(r, 50));
        throw new Error('boom');
      })
      .catch(() => undefined);
    const b = wh.transaction(async (tx) => {
      await new Promise((r) => setTimeout(r, 10));
      const rows = await tx.query<{ id: number }>(`SELECT id FROM warehouse.t`);
      seen.push(rows.length);
      await tx.query(`INSERT INTO warehouse.t VALUES (2, 'kept')`);
    });
    await Promise.all([a, b]);
    expect(seen).toEqual([0]);
    const rows = await wh.query<{ id: number }>(`SELECT id FROM warehouse.t ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual([2]);
  });

  it('user queries (readQuery) are read-only and stopped by the server after the timeout', async () => {
    await expect(wh.readQuery(`INSERT INTO warehouse.t VALUES (4, 'x')`)).rejects.toThrow(/read-only/);
    await expect(wh.readQuery(`UPDATE catalog.datasets SET name = 'x'`)).rejects.toThrow(/read-only/);
    expect(await wh.readQuery<{ n: number }>(`SELECT count(*) AS n FROM warehouse.t WHERE id = $1`, [2])).toEqual([{ n: 1 }]);
    if (target.kind === 'postgres') {
      const t0 = Date.now();
      await expect(wh.readQuery(`SELECT pg_sleep(3)`)).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
      expect(Date.now() - t0).toBeLessThan(2500);
    }
  });

  it('counts every write in the write epoch that catalog caches watch', async () => {
    const e0 = wh.writeEpoch;
    await wh.query(`SELECT 1`);
    await wh.readQuery(`SELECT 1`);
    expect(wh.writeEpoch).toBe(e0);
    await wh.query(`INSERT INTO warehouse.t VALUES (5, 'y')`);
    expect(wh.writeEpoch).toBeGreaterThan(e0);
    const e1 = wh.writeEpoch;
    await wh.transaction((tx) => tx.query(`DELETE FROM warehouse.t WHERE id = 5`));
    expect(wh.writeEpoch).toBeGreaterThan(e1);
  });

  it('read-only transactions refuse writes', async () => {
    await expect(wh.readOnly(5000, (tx) => tx.query(`INSERT INTO warehouse.t VALUES (3, 'x')`))).rejects.toThrow(/read-only/);
  });

  it.skipIf(target.kind === 'embedded')('a statement over the timeout is cancelled on the server and the connection returns to the pool', async () => {
    for (let i = 0; i < 5; i++) {
      await expect(wh.readOnly(100, (tx) => tx.query(`SELECT pg_sleep(5)`))).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
    }
    // Five timeouts on a pool of 3: had any connection leaked, this would wait forever.
    const [r] = await wh.query<{ ok: number }>(`SELECT 1 AS ok`);
    expect(r!.ok).toBe(1);
    const [s] = await wh.query<{ n: number }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(5)%' AND state = 'active'`);
    expect(s!.n).toBe(0);
  });

  it.skipIf(target.kind === 'embedded')('survives the server killing its connections (a Postgres restart, as seen by the pool)', async () => {
    await Promise.all([1, 2, 3].map(() => wh.query(`SELECT 1`)));
    const admin = await Warehouse.open({ databaseUrl: process.env.INSIGHTQL_TEST_PG!, dataDir: 'memory://', logger: createLogger('silent'), poolSize: 1 });
    const [{ db }] = (await wh.query<{ db: string }>(`SELECT current_database() AS db`)) as [{ db: string }];
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [db]);
    await admin.close();
    await new Promise((r) => setTimeout(r, 100));
    let ok = 0;
    for (let i = 0; i < 6; i++) {
      try {
        await wh.query(`SELECT 1`);
        ok++;
      } catch (e) {
        expect((e as { code?: string }).code).toBe('DATABASE_UNAVAILABLE');
      }
    }
    expect(ok).toBeGreaterThanOrEqual(3);
  });
});
