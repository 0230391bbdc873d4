// GraphQL layer cost: our server with all its plugins vs bare Apollo Server on the same schema vs
// graphql-js execute over node:http vs the same JSON bytes from node:http (the limit).
// Each server runs in its own process; autocannon loads it from another. Run: npx tsx bench/graphql.ts
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { vegaDataDir } from '../src/demo/demoLoader.js';
import { loadConfig } from '../src/config/config.js';
import { createServices } from '../src/services.js';
import { createLogger } from '../src/shared/logger.js';
import { freshDatabase, printTable } from './support.js';

const QUERY = '{ datasets { name rowCount columns { name type role } } }';
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);

async function startVariant(variant: string, url: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn('npx', ['tsx', 'bench/graphqlServers.ts', variant, QUERY], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error', INSIGHTQL_DEMO: 'false', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const m = /ready (\d+)/.exec(buf);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (c) => reject(new Error(`${variant} exited ${c}`)));
  });
  return { port, child };
}

function load(port: number, headers: Record<string, string>): { rps: number; p50: number; p99: number } {
  const args = ['autocannon', '-j', '-c', '20', '-d', String(DURATION), '-m', 'POST', '-b', JSON.stringify({ query: QUERY })];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(`http://127.0.0.1:${port}/graphql`);
  const r = spawnSync('npx', args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const j = JSON.parse(r.stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
  if (j.non2xx || j.errors) console.error(`warning: ${j.non2xx} non-2xx, ${j.errors} errors on port ${port}`);
  return { rps: j.requests.average, p50: j.latency.p50, p99: j.latency.p99 };
}

const db = await freshDatabase();
try {
  const s = await createServices({ ...loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'error' } as NodeJS.ProcessEnv) }, createLogger('error'));
  for (const f of ['seattle-weather.csv', 'stocks.csv', 'cars.json']) await s.ingest.ingest({ name: f.replace(/\..*$/, ''), input: { kind: 'file', path: join(vegaDataDir(), f) } });
  await s.warehouse.close();

  const rows: Record<string, string | number>[] = [];
  let apolloRps = 0;
  for (const variant of ['insightql', 'apollo', 'graphql-js', 'node-http-bytes']) {
    const { port, child } = await startVariant(variant, db.url);
    try {
      load(port, { 'content-type': 'application/json' }); // warm-up
      const r = load(port, { 'content-type': 'application/json' });
      if (variant === 'apollo') apolloRps = r.rps;
      rows.push({ server: variant, 'req/s': Math.round(r.rps), 'p50 ms': r.p50, 'p99 ms': r.p99 });
    } finally {
      child.kill('SIGKILL');
    }
  }
  for (const r of rows) r['vs bare Apollo'] = apolloRps ? `${Math.round((Number(r['req/s']) / apolloRps) * 100)}%` : '-';
  printTable(`GraphQL layer, query ${QUERY}, 20 connections, ${DURATION} s each (real PostgreSQL)`, rows);
} finally {
  await db.drop();
}
