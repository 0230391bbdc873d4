import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startApp, type App } from '../../../src/main.js';
import { createLogger } from '../../../src/shared/logger.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';

const pgTarget = testTargets().find((t) => t.kind === 'postgres');
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'src', 'cli', 'main.ts');

const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => `r${from + i},${(from + i) % 97},2020-01-${String(((from + i) % 28) + 1).padStart(2, '0')}\n`).join('');

/** A CSV body that arrives slowly, so the COPY is in flight when its backend is terminated. */
function slowBody(chunks: number, delayMs: number): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    async pull(c) {
      if (i === 0) c.enqueue(new TextEncoder().encode('id,v,day\n' + lines(0, 2000)));
      else if (i > chunks) return c.close();
      else {
        await new Promise((r) => setTimeout(r, delayMs));
        c.enqueue(new TextEncoder().encode(lines(i * 2000, 2000)));
      }
      i++;
    },
  });
}

// pg_terminate_backend needs real PostgreSQL; the embedded database has no backends to kill.
describe.skipIf(!pgTarget)('terminated backends and concurrent owners (postgres)', () => {
  let s: TestServer;
  let admin: pg.Client;
  let dbName: string;
  const terminate = async (apps: string[]) => {
    const r = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = ANY($2) AND pid <> pg_backend_pid()`, [dbName, apps]);
    return r.rowCount ?? 0;
  };
  const upload = (name: string, body: string | ReadableStream<Uint8Array>, query = '') =>
    fetch(`${s.base}/datasets/${name}${query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body, duplex: 'half' } as RequestInit).then(async (r) => ({ status: r.status, json: (await r.json()) as any }));
  const leftovers = async () => {
    const running = await admin.query(`SELECT count(*)::int AS n FROM catalog.ingestion_runs WHERE status = 'running'`);
    const staging = await admin.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'warehouse' AND tablename LIKE '\\_stg\\_%'`);
    return { running: running.rows[0].n as number, staging: staging.rows[0].n as number };
  };

  beforeAll(async () => {
    s = await startTestServer(pgTarget!);
    dbName = new URL(s.app.services.config.databaseUrl!).pathname.slice(1);
    admin = new pg.Client({ connectionString: s.app.services.config.databaseUrl! });
    await admin.connect();
    await upload('base', 'id,v,day\n' + lines(0, 500));
  }, 180_000);
  afterAll(async () => {
    await admin?.end();
    await s?.close();
  });

  it('survives 10 terminations during loads and queries: alive, nothing half-written, no run left running', async () => {
    const t0 = performance.now();
    const outcomes: string[] = [];
    for (let round = 0; round < 10; round++) {
      if (round % 2 === 0) {
        const load = upload(`load_${round}`, slowBody(30, 40));
        await new Promise((r) => setTimeout(r, 400));
        const killed = await terminate(['insightql', 'insightql-load', 'insightql-load-owner']);
        const r = await load;
        outcomes.push(`load: killed ${killed}, ${r.status} ${r.json.error?.code ?? r.json.status}`);
        expect(r.status === 201 || r.json.error?.code !== 'INTERNAL_SERVER_ERROR').toBe(true);
      } else {
        const queries = Array.from({ length: 12 }, () => s.gql(`{ insight(query: { dataset: "base", measures: [{ agg: COUNT }], dimensions: ["v"] }) { rows } }`));
        await new Promise((r) => setTimeout(r, 20));
        const killed = await terminate(['insightql', 'insightql-reader']);
        const rs = await Promise.all(queries);
        const codes = rs.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok');
        outcomes.push(`queries: killed ${killed}, ${[...new Set(codes)].join('/')}`);
        for (const c of codes) expect(['ok', 'DATABASE_UNAVAILABLE']).toContain(c);
      }
      const h = await s.gql(`{ health { ok } }`);
      expect(h.data.health.ok).toBe(true);
    }
    console.log(`[faults] 10 terminations in ${(performance.now() - t0).toFixed(0)} ms:\n  ${outcomes.join('\n  ')}`);
    // Cleanup of a failed load runs right after it fails, not at the next start.
    expect(await leftovers()).toEqual({ running: 0, staging: 0 });
    const sets = await admin.query(`SELECT name, table_name, row_count FROM catalog.datasets`);
    for (const d of sets.rows) {
      const [c] = (await admin.query(`SELECT count(*)::int AS n FROM warehouse."${d.table_name}"`)).rows;
      expect({ name: d.name, rows: c.n }).toEqual({ name: d.name, rows: Number(d.row_count) });
    }
    const failed = await admin.query(`SELECT status FROM catalog.ingestion_runs WHERE dataset_name LIKE 'load\\_%'`);
    for (const r of failed.rows) expect(['failed', 'succeeded']).toContain(r.status);
    const after = await s.gql(`{ insight(query: { dataset: "base", measures: [{ agg: COUNT }] }) { rows } }`);
    expect(after.data.insight.rows[0]).toEqual({ count: 500 });
  }, 400_000);

  it('a starting process leaves live loads alone and recovers only orphaned ones', async () => {
    // An orphan: a run marked running whose owner is gone, with its staging table.
    const orphan = '00000000-0000-4000-8000-000000000001';
    await admin.query(`INSERT INTO catalog.ingestion_runs (id, dataset_name, status, mode, started_at) VALUES ($1, 'ghost', 'running', 'create', now())`, [orphan]);
    await admin.query(`CREATE TABLE warehouse."_stg_${orphan.replace(/-/g, '')}" (a int)`);
    const live = upload('live', slowBody(20, 50));
    await new Promise((r) => setTimeout(r, 300));
    const second: App = await startApp({ ...s.app.services.config, port: 0 }, createLogger('silent'));
    try {
      const r = await live;
      expect(r.status).toBe(201);
      expect(r.json.rowsLoaded).toBe(2000 * 21);
      const ghost = await admin.query(`SELECT status FROM catalog.ingestion_runs WHERE id = $1`, [orphan]);
      expect(ghost.rows[0].status).toBe('failed');
      expect(await leftovers()).toEqual({ running: 0, staging: 0 });
    } finally {
      await second.close();
    }
  }, 300_000);

  it('four concurrent CLI ingests into one database all succeed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iq-faults-'));
    try {
      const env = { ...process.env, DATABASE_URL: s.app.services.config.databaseUrl!, INSIGHTQL_DEMO: 'false', LOG_LEVEL: 'silent' };
      const runs = [0, 1, 2, 3].map((i) => {
        const file = join(dir, `part${i}.csv`);
        writeFileSync(file, 'id,v,day\n' + lines(i * 10_000, 20_000));
        return new Promise<{ code: number | null; err: string }>((resolve) => {
          const p = spawn(TSX, [CLI, 'ingest', file, '--name', `cli_${i}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
          let err = '';
          p.stderr.on('data', (d) => (err += d));
          p.on('close', (code) => resolve({ code, err }));
        });
      });
      const t = performance.now();
      const done = await Promise.all(runs);
      console.log(`[faults] four concurrent CLI ingests: ${(performance.now() - t).toFixed(0)} ms`);
      expect(done.map((d) => (d.code === 0 ? 'ok' : d.err.slice(0, 300)))).toEqual(['ok', 'ok', 'ok', 'ok']);
      for (let i = 0; i < 4; i++) expect((await s.gql(`{ dataset(name: "cli_${i}") { rowCount } }`)).data.dataset.rowCount).toBe(20_000);
      expect(await leftovers()).toEqual({ running: 0, staging: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 400_000);
});
