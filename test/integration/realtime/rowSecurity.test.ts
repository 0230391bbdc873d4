import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/auth/principal.js';
import { runAs } from '../../../src/auth/requestScope.js';
import { vegaDataDir } from '../../../src/demo/demoLoader.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';

const TABLES = ['detectors', 'detector_state', 'event_ids', 'event_log', 'alerts', 'alert_feedback', 'threshold_history', 'model_versions'];
const admin = (tenantId: string): Principal => ({ kind: 'key', tenantId, role: 'admin', keyId: null, rowFilters: [], datasets: null, clientKey: null });

/** Two tenants with the same dataset, a series detector each, one spike each (so both have alerts). */
async function twoTenantsWithAlerts(s: TestServer): Promise<void> {
  const rt = s.app.services.realtime;
  for (const t of ['acme', 'globex']) {
    await runAs(admin(t), async () => {
      await s.app.services.ingest.ingest({ name: 'stocks', input: { kind: 'file', path: join(vegaDataDir(), 'stocks.csv') } });
      await rt.createDetector(admin(t), { dataset: 'stocks', kind: 'SERIES_ANOMALY', measure: 'price', segmentBy: 'symbol' });
      const sent = await rt.appendRows(admin(t), 'stocks', [{ _id: 'spike-1', symbol: 'IBM', date: '2010-04-01', price: 900 }]);
      expect(sent.accepted).toBe(1);
    });
  }
  await rt.scorer.idle();
}

describe.each(testTargets())('realtime tables under FORCEd row-level security ($kind)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
    await twoTenantsWithAlerts(s);
  }, 300_000);
  afterAll(() => s?.close());

  it('every realtime table has RLS enabled and forced', async () => {
    const rows = await s.app.services.warehouse.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'realtime' AND c.relkind = 'r' ORDER BY 1`,
    );
    expect(rows.map((r) => r.relname).sort()).toEqual([...TABLES].sort());
    for (const r of rows) expect([r.relname, r.relrowsecurity, r.relforcerowsecurity]).toEqual([r.relname, true, true]);
  });

  it('the reader role cannot read the realtime tables at all', async () => {
    const err = await s.app.services.warehouse
      .transaction(async (tx) => {
        await tx.query(`SELECT set_config('insightql.tenant_id', 'globex', true)`);
        await tx.query(`SET LOCAL ROLE insightql_reader`);
        return tx.query(`SELECT count(*)::int AS n FROM realtime.alerts`);
      })
      .then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/permission denied/);
  });

  it('even when granted, the reader sees only its tenant in every realtime table (the policy holds)', async () => {
    const counts: Record<string, Record<string, number>> = {};
    const rollback = new Error('rollback');
    await s.app.services.warehouse
      .transaction(async (tx) => {
        // Granted inside a transaction that is rolled back: the policy is what is under test.
        await tx.query(`GRANT USAGE ON SCHEMA realtime TO insightql_reader`);
        await tx.query(`GRANT SELECT ON ALL TABLES IN SCHEMA realtime TO insightql_reader`);
        await tx.query(`SET LOCAL ROLE insightql_reader`);
        for (const tenant of ['acme', 'globex', '']) {
          await tx.query(`SELECT set_config('insightql.tenant_id', $1, true)`, [tenant]);
          for (const t of TABLES) {
            const [r] = await tx.query<{ mine: number; others: number }>(`SELECT count(*) FILTER (WHERE tenant_id = $1)::int AS mine, count(*) FILTER (WHERE tenant_id <> $1)::int AS others FROM realtime.${t}`, [tenant]);
            (counts[tenant] ??= {})[t] = r!.others;
            if (tenant && ['detectors', 'alerts', 'event_log', 'event_ids'].includes(t)) expect([tenant, t, r!.mine > 0]).toEqual([tenant, t, true]);
          }
        }
        throw rollback;
      })
      .catch((e) => {
        if (e !== rollback) throw e;
      });
    for (const tenant of ['acme', 'globex', '']) for (const t of TABLES) expect([tenant, t, counts[tenant]![t]]).toEqual([tenant, t, 0]);
  });
});

// A managed database gives the server an owner role that is not a superuser: FORCE holds it to the
// policies, so the scorer (which drains every tenant's events) must still work through its own policy.
const adminUrl = process.env.INSIGHTQL_TEST_PG;
describe.runIf(Boolean(adminUrl))('a non-superuser service role (postgres)', () => {
  const role = `iq_svc_${randomBytes(4).toString('hex')}`;
  const db = `iq_test_${randomBytes(5).toString('hex')}`;
  let s: TestServer;
  const sql = async (text: string, url = adminUrl!) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(text)).rows;
    } finally {
      await c.end();
    }
  };
  beforeAll(async () => {
    await sql(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE`);
    await sql(`CREATE DATABASE ${db} OWNER ${role}`);
    const u = new URL(adminUrl!);
    u.username = role;
    u.password = '';
    u.pathname = `/${db}`;
    const url = u.toString();
    s = await startTestServer({ kind: 'postgres', fresh: async () => ({ config: { ...(await testTargets()[0]!.fresh()).config, databaseUrl: url }, drop: async () => undefined }) });
    await twoTenantsWithAlerts(s);
  }, 300_000);
  afterAll(async () => {
    await s?.close();
    await sql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await sql(`DROP OWNED BY ${role}`).catch(() => undefined);
    await sql(`DROP ROLE IF EXISTS ${role}`);
  });

  it('scores every tenant, and each tenant reads only its own alerts', async () => {
    const [me] = await s.app.services.warehouse.query<{ rolsuper: boolean }>(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`);
    expect(me!.rolsuper).toBe(false);
    const all = await s.app.services.warehouse.query<{ tenant_id: string; n: number }>(`SELECT tenant_id, count(*)::int AS n FROM realtime.alerts GROUP BY 1 ORDER BY 1`);
    expect(all.map((r) => r.tenant_id)).toEqual(['acme', 'globex']);
    for (const t of ['acme', 'globex']) {
      const seen = await runAs(admin(t), () => s.app.services.realtime.alerts.list(t, { dataset: null, from: null, to: null, minSeverity: null, limit: 100 }));
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((a) => a.tenant === t)).toBe(true);
    }
    const err = await s.app.services.warehouse
      .transaction(async (tx) => {
        await tx.query(`SET LOCAL ROLE insightql_reader`);
        return tx.query(`SELECT count(*) FROM realtime.alerts`);
      })
      .then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/permission denied/);
  }, 120_000);

  it('creates, verifies, lists and revokes API keys as that non-superuser role (catalog.api_keys has a service policy)', async () => {
    const keys = s.app.services.keys;
    const made = await keys.create({ tenantId: 'acme', role: 'viewer' });
    expect((await keys.verify(made.key))?.tenantId).toBe('acme');
    expect((await keys.list('acme')).map((k) => k.id)).toContain(made.info.id);
    await keys.revoke(made.info.id, 'acme');
    expect((await keys.list('acme')).find((k) => k.id === made.info.id)?.revokedAt).toBeTruthy();
  }, 120_000);
});
