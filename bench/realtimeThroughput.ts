import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { gql, spawnServer, type ServerProcess } from './realtime/spawnServer.js';
import { freshDatabase, printTable } from './support.js';

/**
 * Throughput and latency of the real-time path with two server processes on one Postgres, both
 * with WebSocket subscribers on loopback: events are POSTed alternately to each process at RATE
 * per second for SECONDS; every tenth batch carries a burst that a VELOCITY detector alerts on.
 * Measured: event → alert delivered to every subscriber (from the POST being sent), events and
 * alerts counted at both ends, and each process's memory over the run. Reference in the same run:
 * the bare POST round trip (events acknowledged, nothing scored yet) — the floor under the latency.
 *
 * Run: npx tsx bench/realtimeThroughput.ts [seconds=60] [rate=1000]
 */
const SECONDS = Number(process.argv[2] ?? 60);
const RATE = Number(process.argv[3] ?? 1000);
const BATCH = 10;
const SUBSCRIBERS_PER_SERVER = 2;

const db = await freshDatabase('iq_rt_bench');
const servers: ServerProcess[] = [];
const clients: Client[] = [];
try {
  // Event POSTs spend the per-key rate limit like every route (100 a second here, over the default
  // 20): this bench measures the pipeline, so the limit is off, as in the tests.
  const env = { INSIGHTQL_RATE_LIMIT: '0' };
  servers.push(await spawnServer(db.url, env), await spawnServer(db.url, env));
  const [a, b] = servers as [ServerProcess, ServerProcess];
  const start = Date.now();
  const csv = ['time,card,amount', ...Array.from({ length: 500 }, (_, i) => `${new Date(start - 600_000 + i * 1000).toISOString()},c${i % 50},${10 + (i % 9)}`)].join('\n');
  if ((await fetch(`${a.base}/datasets/tx?format=csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })).status !== 201) throw new Error('could not load the dataset');
  const det = await gql(a.base, `mutation { createDetector(input: { dataset: "tx", kind: VELOCITY, keyColumn: "card", window: 10, threshold: 3 }) { id } }`);
  if (det.errors) throw new Error(JSON.stringify(det.errors));

  // Subscribers: each records when each alert arrived (by the burst's card).
  const received: Map<string, number>[] = [];
  const dupes = { n: 0 };
  for (const s of servers) {
    for (let k = 0; k < SUBSCRIBERS_PER_SERVER; k++) {
      const got = new Map<string, number>();
      received.push(got);
      const c = createClient({ url: `${s.base.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
      clients.push(c);
      c.subscribe(
        { query: `subscription { alerts(dataset: "tx") { id segment } }` },
        {
          next: (v) => {
            const card = (v.data as { alerts: { segment: string } }).alerts.segment;
            if (got.has(card)) dupes.n++;
            else got.set(card, performance.now());
          },
          error: () => undefined,
          complete: () => undefined,
        },
      );
    }
  }
  await new Promise((r) => setTimeout(r, 1000));

  const sentAt = new Map<string, number>();
  // When a burst's POST was acknowledged: acknowledged → delivered is the scoring and fan-out part alone.
  const ackAt = new Map<string, number>();
  const ackMs: number[] = [];
  const counts = { sent: 0, accepted: 0, failed: 0, bursts: 0 };
  const failures = new Set<string>();
  const memory: { t: number; a: number; b: number }[] = [];
  const sample = async (t: number) => memory.push({ t, a: await a.rssKb(), b: await b.rssKb() });
  await sample(0);
  const interval = (1000 * BATCH) / RATE;
  const batches = Math.round((SECONDS * RATE) / BATCH);
  const inflight: Promise<void>[] = [];
  const t0 = performance.now();
  for (let n = 0; n < batches; n++) {
    const due = t0 + n * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const burst = n % 10 === 0;
    // 100 ms of event time per batch: a regular card comes round every 5 s (2 in a 10 s window); a burst puts 4 in one batch.
    const time = start + n * 100;
    const events = Array.from({ length: BATCH }, (_, i) => ({ _id: `e${n}-${i}`, time: new Date(time + i).toISOString(), card: burst && i < 4 ? `k${n}` : `c${(n * BATCH + i) % 500}`, amount: 12 }));
    const server = n % 2 ? b : a;
    const sent = performance.now();
    if (burst) {
      sentAt.set(`k${n}`, sent);
      counts.bursts++;
    }
    counts.sent += BATCH;
    inflight.push(
      fetch(`${server.base}/datasets/tx/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: events.map((e) => JSON.stringify(e)).join('\n') })
        .then(async (res) => {
          const body = (await res.json()) as { accepted?: number };
          const acked = performance.now();
          ackMs.push(acked - sent);
          if (burst) ackAt.set(`k${n}`, acked);
          counts.accepted += body.accepted ?? 0;
          if (res.status !== 200) {
            counts.failed++;
            failures.add(`${res.status} ${JSON.stringify(body).slice(0, 200)}`);
          }
        })
        .catch((e: Error) => {
          counts.failed++;
          failures.add(e.message);
        }),
    );
    if (inflight.length > 200) await Promise.all(inflight.splice(0, 100));
    if (n > 0 && n % Math.round(5000 / interval) === 0) void sample((performance.now() - t0) / 1000);
  }
  await Promise.all(inflight);
  const sendSeconds = (performance.now() - t0) / 1000;
  // Let the last alerts arrive.
  const until = performance.now() + 15_000;
  while (received.some((g) => g.size < counts.bursts) && performance.now() < until) await new Promise((r) => setTimeout(r, 100));
  await sample((performance.now() - t0) / 1000);

  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  const [{ table_name: table }] = (await admin.query(`SELECT table_name FROM catalog.datasets WHERE name = 'tx'`)).rows as [{ table_name: string }];
  const rows = Number((await admin.query(`SELECT count(*) AS n FROM warehouse."${table}"`)).rows[0].n) - 500;
  const alerts = Number((await admin.query(`SELECT count(*) AS n FROM realtime.alerts`)).rows[0].n);
  const unscored = Number((await admin.query(`SELECT count(*) AS n FROM realtime.event_log WHERE NOT scored`)).rows[0].n);
  await admin.end();

  const lat: number[] = [];
  const afterAck: number[] = [];
  for (const g of received) for (const [card, at] of g) if (sentAt.has(card)) lat.push(at - sentAt.get(card)!);
  // An alert can arrive before its POST's answer is read (the answer waits its turn in this client): clamp at 0.
  for (const g of received) for (const [card, at] of g) if (ackAt.has(card)) afterAck.push(Math.max(0, at - ackAt.get(card)!));
  const q = (xs: number[], p: number) => {
    const s = xs.slice().sort((x, y) => x - y);
    return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN;
  };
  printTable(`Real time, 2 server processes on one Postgres, ${received.length} WebSocket subscribers, ${RATE} events/s for ${SECONDS} s (batches of ${BATCH})`, [
    { measure: 'events sent', value: counts.sent },
    { measure: 'events acknowledged (accepted)', value: counts.accepted },
    { measure: 'event rows in the table', value: rows },
    { measure: 'log entries left unscored', value: unscored },
    { measure: 'requests failed', value: counts.failed },
    { measure: 'achieved events/s', value: Math.round(counts.sent / sendSeconds) },
    { measure: 'bursts sent (1 alert each)', value: counts.bursts },
    { measure: 'alerts stored', value: alerts },
    { measure: 'alerts received per subscriber (min … max)', value: `${Math.min(...received.map((g) => g.size))} … ${Math.max(...received.map((g) => g.size))}` },
    { measure: 'alerts received twice', value: dupes.n },
    { measure: 'reference: POST acknowledged p50 / p99 (ms)', value: `${q(ackMs, 0.5).toFixed(1)} / ${q(ackMs, 0.99).toFixed(1)}` },
    { measure: 'event → alert delivered p50 (ms)', value: q(lat, 0.5).toFixed(1) },
    { measure: 'event → alert delivered p99 (ms)', value: q(lat, 0.99).toFixed(1) },
    { measure: 'event → alert delivered max (ms)', value: q(lat, 1).toFixed(1) },
    { measure: 'acknowledged → alert delivered p50 / p99 (ms): scoring and fan-out alone', value: `${q(afterAck, 0.5).toFixed(1)} / ${q(afterAck, 0.99).toFixed(1)}` },
  ]);
  if (failures.size) console.log(`failed requests: ${[...failures].join('; ')}`);
  printTable('Resident memory of each server process (MB)', memory.map((m) => ({ 'at (s)': m.t.toFixed(0), 'server A': (m.a / 1024).toFixed(0), 'server B': (m.b / 1024).toFixed(0) })));
} finally {
  for (const c of clients) await c.dispose();
  for (const s of servers) await s.stop();
  await db.drop();
}
