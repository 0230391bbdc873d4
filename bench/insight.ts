// insight over GraphQL vs the same SQL sent straight through pg, in the same run, on real Postgres:
// median overhead on a 10-row result, and an aggregation over the 3M-row flights table.
// Run: npx tsx bench/insight.ts   (BENCH_SKIP_PARQUET=1 skips the flights part)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config/config.js';
import { vegaDataDir } from '../src/demo/demoLoader.js';
import { startApp } from '../src/main.js';
import { createLogger } from '../src/shared/logger.js';
import { freshDatabase, median, printTable, quantile } from './support.js';

const INSIGHT = `query($q: InsightQueryInput!) { insight(query: $q) { rows sql params } }`;

const db = await freshDatabase();
const app = await startApp({ ...loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'error', NODE_ENV: 'production' } as NodeJS.ProcessEnv), port: 0, demo: false }, createLogger('error'));
const client = new pg.Client({ connectionString: db.url });
await client.connect();
try {
  const data = vegaDataDir();
  await app.services.ingest.ingest({ name: 'seattle_weather', input: { kind: 'file', path: join(data, 'seattle-weather.csv') } });
  const url = `http://127.0.0.1:${app.server.port}/graphql`;
  const gql = async (q: unknown) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: INSIGHT, variables: { q } }) });
    const j = (await res.json()) as { data: { insight: { rows: unknown[]; sql: string; params: unknown[] } } };
    return j.data.insight;
  };
  /** Times n runs of both paths, interleaved so load drift hits both alike. */
  async function compare(label: string, q: unknown, n: number) {
    const first = await gql(q);
    const ours: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < n; i++) {
      let t0 = performance.now();
      await gql(q);
      ours.push(performance.now() - t0);
      t0 = performance.now();
      // The raw path gets the same statement and values, with no HTTP, GraphQL or transaction around it.
      await client.query(first.sql, first.params);
      raw.push(performance.now() - t0);
    }
    return {
      query: label,
      rows: first.rows.length,
      'raw pg p50 ms': median(raw),
      'insight p50 ms': median(ours),
      'overhead p50 ms': median(ours) - median(raw),
      'insight p99 ms': quantile(ours, 0.99),
      ratio: (median(ours) / median(raw)).toFixed(2) + '×',
    };
  }
  const rows = [
    await compare(
      '10 rows: avg temp_max by month, 2015, top 10',
      { dataset: 'seattle_weather', measures: [{ column: 'temp_max', agg: 'AVG' }], time: { grain: 'MONTH', range: { from: '2015-01-01', to: '2016-01-01' } }, limit: 10 },
      300,
    ),
  ];
  const parquet = join(data, 'flights-3m.parquet');
  if (process.env.BENCH_SKIP_PARQUET !== '1' && existsSync(parquet)) {
    await app.services.ingest.ingest({ name: 'flights', input: { kind: 'file', path: parquet } });
    const ds = await app.services.catalog.getCatalogDataset('flights');
    const dim = ds.columns.find((c) => c.role === 'dimension')!;
    const measure = ds.columns.find((c) => c.role === 'measure')!;
    rows.push(
      await compare(
        `3M rows: avg ${measure.name}, count by ${dim.name}`,
        { dataset: 'flights', measures: [{ column: measure.name, agg: 'AVG' }, { agg: 'COUNT' }], dimensions: [dim.name], orderBy: [{ field: 'count', direction: 'DESC' }], limit: 10 },
        15,
      ),
    );
  }
  printTable('insight over GraphQL vs the same SQL through pg (real PostgreSQL, one run)', rows);
} finally {
  await client.end();
  await app.close();
  await db.drop();
}
