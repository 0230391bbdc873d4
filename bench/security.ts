// Cost of safety: a mixed load (ask, insight, datasets; 50 connections) against the server with
// API-key auth, production mode and every safeguard on (request guards, rate limit per key, fair
// share of the reader pool with its queue cap, subscription, body and response caps), and against
// the same server in local mode (no key) with every request guard and limit off (startHttpServer's
// `safeguards: 'off'`; the fair-share gate stays, with a queue it never fills). Same data, same
// process layout, one run, interleaved ABBA rounds.
// Three figures per variant, because throughput on a shared 2-core machine is noisy:
// - raw req/s (autocannon's average over the whole run);
// - req/s over the run's seconds that were not stalled. A stalled second completes fewer than a
//   quarter of the run's median second; they are counted and printed, never dropped silently;
// - server CPU per request (the server's process group, from /proc), which other load on the
//   machine hardly moves: the most direct measure of what the safeguards cost.
// Run: npx tsx bench/security.ts (BENCH_SECONDS=8, BENCH_ROUNDS=3 by default; real PostgreSQL).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
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
/** The reference runs with its safeguards off (the 'insightql-unguarded' variant); the reader queue is out of reach. */
const OPEN_ENV = { NODE_ENV: 'development', INSIGHTQL_RATE_LIMIT: '0', INSIGHTQL_READER_QUEUE_PER_KEY: '100000' };
/** A second that completes less than this share of the run's median second is a stalled one. */
const STALL_SHARE = 0.25;
const load1 = () => loadavg()[0]!.toFixed(2);

/** CPU milliseconds used so far by every process of a process group (Linux /proc; null elsewhere). */
function groupCpuMs(pgid: number): number | null {
  let ticks = 0;
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const st = readFileSync(`/proc/${d}/stat`, 'utf8');
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
      } catch {
        // the process ended while we read
      }
    }
  } catch {
    return null;
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

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

async function start(url: string, variant: string, env: Record<string, string>): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(join('node_modules', '.bin', 'tsx'), ['bench/graphqlServers.ts', variant, '{ health { ok } }'], {
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
  /** Req/s over the seconds that were not stalled. */
  steady: number;
  stalled: number;
  /** Server CPU microseconds per completed request (null off Linux). */
  cpuUs: number | null;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(port: number, key: string | null, pgid: number): Promise<Run> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) };
  const perSecond = new Array<number>(DURATION).fill(0);
  const cpu0 = groupCpuMs(pgid);
  const t0 = performance.now();
  const run = autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: BODIES.map((body) => ({ method: 'POST', path: '/graphql', headers, body })),
  });
  (run as unknown as NodeJS.EventEmitter).on('response', () => {
    const i = Math.floor((performance.now() - t0) / 1000);
    if (i < DURATION) perSecond[i]!++;
  });
  const r = await run;
  const cpu1 = groupCpuMs(pgid);
  const done = sum(perSecond);
  const floor = median(perSecond) * STALL_SHARE;
  const steadySeconds = perSecond.filter((n) => n >= floor);
  return {
    rps: r.requests.average,
    steady: sum(steadySeconds) / Math.max(1, steadySeconds.length),
    stalled: DURATION - steadySeconds.length,
    cpuUs: cpu0 === null || cpu1 === null || !done ? null : ((cpu1 - cpu0) * 1000) / r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

const dbs = [await freshDatabase('iq_bench_sec'), await freshDatabase('iq_bench_open')];
const servers: ChildProcess[] = [];
const loadBefore = load1();
try {
  const key = await prepare(dbs[0]!.url, true);
  await prepare(dbs[1]!.url, false);
  const secured = await start(dbs[0]!.url, 'insightql', SECURED_ENV);
  const open = await start(dbs[1]!.url, 'insightql-unguarded', OPEN_ENV);
  servers.push(secured.child, open.child);
  const variants = [
    { name: 'auth + all safeguards (production)', port: secured.port, key, pgid: secured.child.pid! },
    { name: 'no auth, safeguards off', port: open.port, key: null, pgid: open.child.pid! },
  ];
  for (const v of variants) await load(v.port, v.key, v.pgid); // warm-up
  // Interleaved ABBA rounds: each round runs the secured server, the reference, the reference
  // again and the secured one again, so a drift in machine load (other jobs share the 2 cores)
  // hits both alike; each round's overhead compares runs made side by side.
  const runs = new Map<string, Run[]>(variants.map((v) => [v.name, []]));
  const overheads: { raw: number; steady: number; cpu: number | null }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const got: Record<number, Run[]> = { 0: [], 1: [] };
    for (const i of [0, 1, 1, 0]) {
      const r = await load(variants[i]!.port, variants[i]!.key, variants[i]!.pgid);
      console.error(
        `round ${round + 1} ${variants[i]!.name}: ${Math.round(r.rps)} req/s (${Math.round(r.steady)} over ${DURATION - r.stalled} steady s; ${r.stalled} stalled), ` +
          `${r.cpuUs === null ? '?' : Math.round(r.cpuUs)} µs CPU/req, p50 ${r.p50} ms, non-2xx ${r.non2xx}, errors ${r.errors}, load ${load1()}`,
      );
      runs.get(variants[i]!.name)!.push(r);
      got[i]!.push(r);
    }
    const total = (rs: Run[], f: (r: Run) => number) => sum(rs.map(f));
    const cpuKnown = [...got[0]!, ...got[1]!].every((r) => r.cpuUs !== null);
    overheads.push({
      raw: 1 - total(got[0]!, (r) => r.rps) / total(got[1]!, (r) => r.rps),
      steady: 1 - total(got[0]!, (r) => r.steady) / total(got[1]!, (r) => r.steady),
      cpu: cpuKnown ? total(got[0]!, (r) => r.cpuUs!) / total(got[1]!, (r) => r.cpuUs!) - 1 : null,
    });
  }
  const ref = runs.get(variants[1]!.name)!;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  printTable(
    `Mixed load (ask, insight, datasets in turn), ${CONNECTIONS} connections, ${ROUNDS} interleaved ABBA rounds of ${DURATION} s runs (real PostgreSQL); medians. Load average ${loadBefore} before, ${load1()} after`,
    variants.map((v) => {
      const rs = runs.get(v.name)!;
      const cpu = rs.every((r) => r.cpuUs !== null) ? median(rs.map((r) => r.cpuUs!)) : null;
      const refCpu = ref.every((r) => r.cpuUs !== null) ? median(ref.map((r) => r.cpuUs!)) : null;
      return {
        server: v.name,
        'req/s': Math.round(median(rs.map((r) => r.rps))),
        'req/s, steady seconds': Math.round(median(rs.map((r) => r.steady))),
        'stalled s (all runs)': rs.reduce((n, r) => n + r.stalled, 0),
        'CPU µs/req': cpu === null ? '?' : Math.round(cpu),
        'p50 ms': median(rs.map((r) => r.p50)),
        'p99 ms': median(rs.map((r) => r.p99)),
        'non-2xx': rs.reduce((n, r) => n + r.non2xx, 0),
        errors: rs.reduce((n, r) => n + r.errors, 0),
        'req/s vs reference': pct(median(rs.map((r) => r.rps)) / median(ref.map((r) => r.rps))),
        'CPU/req vs reference': cpu === null || refCpu === null ? '?' : pct(cpu / refCpu),
      };
    }),
  );
  const fmt = (o: number | null) => (o === null ? '?' : `${(o * 100).toFixed(1)}%`);
  printTable('Overhead of auth + safeguards per ABBA round (runs side by side): 1 − secured ÷ reference req/s (raw; steady seconds only), and secured ÷ reference − 1 of server CPU per request', [
    ...overheads.map((o, i) => ({ round: String(i + 1), 'throughput (raw)': fmt(o.raw), 'throughput (steady s)': fmt(o.steady), 'CPU per request': fmt(o.cpu) })),
    {
      round: 'median',
      'throughput (raw)': fmt(median(overheads.map((o) => o.raw))),
      'throughput (steady s)': fmt(median(overheads.map((o) => o.steady))),
      'CPU per request': overheads.every((o) => o.cpu !== null) ? fmt(median(overheads.map((o) => o.cpu!))) : '?',
    },
  ]);
} finally {
  for (const c of servers) process.kill(-c.pid!, 'SIGKILL');
  for (const d of dbs) await d.drop();
}
