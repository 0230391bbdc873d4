import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, spawnServer, type ServerProcess } from '../../../bench/realtime/spawnServer.js';
import { testTargets } from '../../support/targets.js';

const pgTarget = testTargets().find((t) => t.kind === 'postgres');

/** Transactions as CSV: a card, an amount and a time per second from `start`. */
function history(n: number, start: number): string {
  const lines = ['time,card,amount'];
  for (let i = 0; i < n; i++) lines.push(`${new Date(start + i * 1000).toISOString()},c${i % 20},${(10 + (i % 7)).toFixed(2)}`);
  return lines.join('\n') + '\n';
}

/** Subscribes to a server's alerts (after `after`) and collects their ids. */
function collect(base: string, after: string | null, into: string[]) {
  const client = createClient({ url: `${base.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
  client.subscribe(
    { query: `subscription($after: ID) { alerts(dataset: "tx", after: $after) { id } }`, variables: { after } },
    { next: (v) => into.push((v.data as any).alerts.id), error: () => undefined, complete: () => undefined },
  );
  return client;
}

describe.skipIf(!pgTarget)('kill -9 mid-stream (postgres)', () => {
  let db: { config: { databaseUrl: string | null }; drop(): Promise<void> };
  let a: ServerProcess | null = null;
  let b: ServerProcess | null = null;
  beforeAll(async () => {
    db = (await pgTarget!.fresh()) as typeof db;
  }, 180_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await db?.drop();
  });

  it('every acknowledged event is in the table and scored after restart, and no alert is sent twice', async () => {
    const url = db.config.databaseUrl!;
    a = await spawnServer(url);
    const start = Date.parse('2026-01-01T00:00:00Z');
    const up = await fetch(`${a.base}/datasets/tx?format=csv`, { method: 'POST', body: history(200, start) });
    expect(up.status).toBe(201);
    const det = await gql(a.base, `mutation { createDetector(input: { dataset: "tx", kind: VELOCITY, keyColumn: "card", window: 10, threshold: 3 }) { id } }`);
    expect(det.errors).toBeUndefined();
    const seenA: string[] = [];
    const subA = collect(a.base, null, seenA);
    await new Promise((r) => setTimeout(r, 300));

    // Batches of 10 events, each with a burst of 4 on one card; keep what was acknowledged.
    const acked: string[] = [];
    let batch = 0;
    let killed = false;
    const send = async (base: string) => {
      const t0 = start + 1_000_000 + batch * 60_000;
      const events = Array.from({ length: 10 }, (_, i) => ({ _id: `b${batch}-${i}`, time: new Date(t0 + i * 1000).toISOString(), card: i < 4 ? `burst${batch}` : `c${i}`, amount: 12 }));
      batch++;
      try {
        const res = await fetch(`${base}/datasets/tx/events`, { method: 'POST', body: events.map((e) => JSON.stringify(e)).join('\n') });
        if (res.status === 200) {
          const body = (await res.json()) as { accepted: number; duplicates: number };
          if (body.accepted + body.duplicates === 10) acked.push(...events.map((e) => e._id));
        }
      } catch {
        // In flight when the server died: not acknowledged.
      }
    };
    const stream = (async () => {
      while (!killed) await Promise.all([send(a!.base), send(a!.base)]);
    })();
    await new Promise((r) => setTimeout(r, 3_000));
    a.child.kill('SIGKILL');
    killed = true;
    await stream;
    await subA.dispose();
    expect(acked.length).toBeGreaterThan(50);

    b = await spawnServer(url);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // The new process takes the scorer lock and drains what was logged but not scored.
      const deadline = Date.now() + 120_000;
      for (;;) {
        const [r] = (await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM realtime.event_log WHERE NOT scored`)).rows;
        if (r!.n === 0) break;
        if (Date.now() > deadline) throw new Error(`${r!.n} log entries still unscored`);
        await new Promise((res) => setTimeout(res, 200));
      }
      const ids = (await admin.query<{ event_id: string }>(`SELECT event_id FROM realtime.event_ids WHERE dataset = 'tx'`)).rows.map((r) => r.event_id);
      const stored = new Set(ids);
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);
      const [{ table_name: table }] = (await admin.query<{ table_name: string }>(`SELECT table_name FROM catalog.datasets WHERE name = 'tx'`)).rows as [{ table_name: string }];
      const [{ n: rows }] = (await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM warehouse."${table}"`)).rows as [{ n: number }];
      // Every logged event id has its row (and nothing else was added).
      expect(rows).toBe(200 + ids.length);
      const [{ n: logged }] = (await admin.query<{ n: number }>(`SELECT coalesce(sum(jsonb_array_length(events)), 0)::int AS n FROM realtime.event_log`)).rows as [{ n: number }];
      expect(logged).toBe(ids.length);
      // One alert per burst that was stored, each once; a subscriber resuming after its last id gets the rest.
      const alerts = (await admin.query<{ id: string; segment: string }>(`SELECT id::text AS id, segment FROM realtime.alerts ORDER BY id`)).rows;
      const burstsStored = new Set(ids.filter((id) => /-0$/.test(id)).map((id) => `burst${id.slice(1, id.indexOf('-'))}`));
      expect(new Set(alerts.map((x) => x.segment))).toEqual(burstsStored);
      expect(alerts.length).toBe(burstsStored.size);
      const last = seenA.length ? seenA.reduce((m, x) => (BigInt(x) > BigInt(m) ? x : m)) : '0';
      const seenB: string[] = [];
      const subB = collect(b.base, last, seenB);
      const want = alerts.filter((x) => BigInt(x.id) > BigInt(last)).length;
      const until = Date.now() + 30_000;
      while (seenB.length < want && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      await subB.dispose();
      const all = [...seenA, ...seenB];
      expect(new Set(all).size).toBe(all.length);
      expect(new Set(all)).toEqual(new Set(alerts.map((x) => x.id)));
      console.log(`acknowledged ${acked.length} events before kill -9; ${ids.length} stored, all scored; ${alerts.length} alerts, ${seenA.length} pushed before the kill and ${seenB.length} replayed after`);
    } finally {
      await admin.end();
    }
  }, 300_000);
});
