// Cost of safety: a mixed load (ask, insight, datasets; 50 connections) against the server with
// API-key auth, production mode and every limit on (guards, rate limit per key, fair share of the
// reader pool, subscription and response caps), and against the same server in local mode (no key)
// with the limits set so they never refuse. Same data, same process layout, one run.
// Run: npx tsx bench/security.ts (BENCH_SECONDS=8, BENCH_ROUNDS=3 by default; real PostgreSQL).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { vegaDataDir } from '../src/demo/demoLoader.js';
import { loadConfig } from '../src/config/config.js';
import { createServices } from '../src/services.js';
import { createLogger } from '../src/shared/logger.js';
import { freshDatabase, printTable } from './support.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const BODIES = [
  { query: '{ ask(question: "average temp_max by weather") { text } }' },
  { query: '{ insight(query: { dataset: "seattle_weather", measures: [{ column: "temp_max", agg: AVG }], dimensions: ["weather"] }) { rows } }' },
  { query: '{ datasets { name rowCount columns { name type role } } }' },
].map((b) => JSON.stringify(b));

/** Limits as deployed (defaults), with the rate sized so 50 busy connections stay inside it. */
const SECURED_ENV = { NODE_ENV: 'production', INSIGHTQL_AUTH: 'required', INSIGHTQL_RATE_LIMIT: '10000000', INSIGHTQL_RATE_BURST: '1000000' };
/** Limits that never refuse (the guard code still runs: this measures what refusing could cost, not the hooks). */
const OPEN_ENV = {
  NODE_ENV: 'development',
  INSIGHTQL_RATE_LIMIT: '0',
  INSIGHTQL_MAX_COST: '100000000',
  INSIGHTQL_MAX_FIELDS: '100000',
  INSIGHTQL_MAX_TOKENS: '1000000',
  INSIGHTQL_READER_QUEUE_PER_KEY: '100000',
};

async function prepare(url: string, withKey: boolean): Promise<string | null> {
  const s = await createServices({ ...loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'error' } as NodeJS.ProcessEnv) }, createLogger('error'));
  try {
    for (const f of ['seattle-weather.csv', 'stocks.csv', 'cars.json']) await s.ingest.ingest({ name: f.replace(/\..*$/, '').replace('-', '_'), input: { kind: 'file', path: join(vegaDataDir(), f) } });
    return withKey ? (await s.keys.create({ tenantId: 'default', role: 'viewer', label: 'bench' })).key : null;
  } finally {
    // The realtime scorer and the bus first: left running, they poll a closed pool and flood stderr.
    await s.realtime.close();
    await s.bus.close();
    await s.warehouse.close();
  }
}

async function start(url: string, env: Record<string, string>): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(join('node_modules', '.bin', 'tsx'), ['bench/graphqlServers.ts', 'insightql', '{ health { ok } }'], {
    env: { ...process.env, ...env, DATABASE_URL: url, LOG_LEVEL: 'error', INSIGHTQL_DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const m = /ready (\d+)/.exec(buf);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
  return { port, child };
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(port: number, key: string | null): Promise<Run> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) };
  const r = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: BODIES.map((body) => ({ method: 'POST', path: '/graphql', headers, body })),
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

const dbs = [await freshDatabase('iq_bench_sec'), await freshDatabase('iq_bench_open')];
const servers: ChildProcess[] = [];
try {
  const key = await prepare(dbs[0]!.url, true);
  await prepare(dbs[1]!.url, false);
  const secured = await start(dbs[0]!.url, SECURED_ENV);
  const open = await start(dbs[1]!.url, OPEN_ENV);
  servers.push(secured.child, open.child);
  const variants = [
    { name: 'auth + all limits (production)', port: secured.port, key },
    { name: 'no auth, limits never refuse', port: open.port, key: null },
  ];
  for (const v of variants) await load(v.port, v.key); // warm-up
  // Interleaved ABBA rounds: each round runs the secured server, the reference, the reference
  // again and the secured one again, so a drift in machine load (6 jobs share 2 cores here) hits
  // both alike; each round's overhead compares runs made side by side.
  const runs = new Map<string, Run[]>(variants.map((v) => [v.name, []]));
  const overheads: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const got: Record<number, number[]> = { 0: [], 1: [] };
    for (const i of [0, 1, 1, 0]) {
      const r = await load(variants[i]!.port, variants[i]!.key);
      console.error(`round ${round + 1} ${variants[i]!.name}: ${Math.round(r.rps)} req/s, p50 ${r.p50} ms, non-2xx ${r.non2xx}, errors ${r.errors}`);
      runs.get(variants[i]!.name)!.push(r);
      got[i]!.push(r.rps);
    }
    overheads.push(1 - sum(got[0]!) / sum(got[1]!));
  }
  const ref = median(runs.get(variants[1]!.name)!.map((r) => r.rps));
  printTable(
    `Mixed load (ask, insight, datasets in turn), ${CONNECTIONS} connections, ${ROUNDS} interleaved ABBA rounds of ${DURATION} s runs (real PostgreSQL); medians`,
    variants.map((v) => {
      const rs = runs.get(v.name)!;
      const rps = median(rs.map((r) => r.rps));
      return {
        server: v.name,
        'req/s': Math.round(rps),
        'p50 ms': median(rs.map((r) => r.p50)),
        'p99 ms': median(rs.map((r) => r.p99)),
        'non-2xx': rs.reduce((n, r) => n + r.non2xx, 0),
        errors: rs.reduce((n, r) => n + r.errors, 0),
        'vs no auth/limits': `${Math.round((rps / ref) * 100)}%`,
      };
    }),
  );
  printTable('Overhead of auth + limits per ABBA round (1 − secured req/s ÷ reference req/s of runs side by side)', [
    ...overheads.map((o, i) => ({ round: String(i + 1), overhead: `${(o * 100).toFixed(1)}%` })),
    { round: 'median', overhead: `${(median(overheads) * 100).toFixed(1)}%` },
  ]);
} finally {
  for (const c of servers) process.kill(-c.pid!, 'SIGKILL');
  for (const d of dbs) await d.drop();
}
