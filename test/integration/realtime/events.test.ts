import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vegaDataDir } from '../../../src/demo/demoLoader.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';

const ALERT_FIELDS = 'id dataset detectorId eventTime segment value expected lower upper score threshold severity modelVersion createdAt';

/** Posts a raw body to the events route. */
async function post(s: TestServer, dataset: string, body: string | Buffer, type = 'application/x-ndjson') {
  const res = await fetch(`${s.base}/datasets/${dataset}/events`, { method: 'POST', headers: { 'content-type': type }, body });
  return { status: res.status, json: (await res.json()) as any };
}

/** The first `n` alerts of a subscription over a real WebSocket. */
function take(client: Client, variables: Record<string, unknown>, n: number): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const got: any[] = [];
    const dispose = client.subscribe(
      { query: `subscription($dataset: String, $after: ID, $minSeverity: Float) { alerts(dataset: $dataset, after: $after, minSeverity: $minSeverity) { ${ALERT_FIELDS} } }`, variables },
      {
        next: (v) => {
          if (v.errors) return reject(new Error(JSON.stringify(v.errors)));
          got.push((v.data as any).alerts);
          if (got.length === n) {
            dispose();
            resolve(got);
          }
        },
        error: reject,
        complete: () => undefined,
      },
    );
  });
}

describe.each(testTargets())('real-time events, detectors and alerts ($kind)', (target) => {
  let s: TestServer;
  let client: Client;
  let detectorId: string;
  beforeAll(async () => {
    s = await startTestServer(target);
    await s.app.services.ingest.ingest({ name: 'stocks', input: { kind: 'file', path: join(vegaDataDir(), 'stocks.csv') } });
    client = createClient({ url: s.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
  }, 180_000);
  afterAll(async () => {
    await client?.dispose();
    await s?.close();
  });

  it('accepts NDJSON events, drops resent _ids, and rejects bad events one by one with their reason', async () => {
    const good = [
      { _id: 'e1', symbol: 'MSFT', date: '2010-04-01', price: 30.1 },
      { _id: 'e2', symbol: 'IBM', date: '2010-04-01', price: 128.2 },
    ];
    const bad = [
      { _id: 'b1', symbol: 'MSFT', date: '2010-04-02', price: 1, colour: 'red' },
      { _id: 'b2', symbol: 'MSFT', date: '2010-04-02', price: 'a lot' },
      { _id: 'b3', symbol: 'MSFT', price: 3 },
      { _id: 'b4', symbol: 'MSFT', date: '2999-01-01', price: 3 },
    ];
    const body = [...good, ...bad].map((e) => JSON.stringify(e)).join('\n') + '\n{"_id":"cut","symbol":"MS';
    const r = await post(s, 'stocks', body);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ accepted: 2, duplicates: 0, rejected: 5 });
    const reasons = r.json.rejectedRows.map((x: any) => `${x.index}: ${x.reason}`);
    expect(reasons[0]).toMatch(/^2: unknown field 'colour'/);
    expect(reasons[1]).toMatch(/^3: column 'price'/);
    expect(reasons[2]).toMatch(/^4: missing time column 'date'/);
    expect(reasons[3]).toMatch(/^5: column 'date'.*ahead of the server's clock/);
    expect(reasons[4]).toMatch(/^6: line 7 is not valid JSON/);
    // Resending the same events adds nothing.
    const again = await post(s, 'stocks', good.map((e) => JSON.stringify(e)).join('\n'));
    expect(again.json).toMatchObject({ accepted: 0, duplicates: 2, rejected: 0 });
    const count = await s.gql(`{ dataset(name: "stocks") { rowCount } }`);
    expect(count.data.dataset.rowCount).toBe(562);
    const rows = await s.app.services.warehouse.query<{ n: number }>(`SELECT count(*)::int AS n FROM warehouse.${(await s.app.services.catalog.getCatalogDataset('stocks')).tableName} WHERE date = '2010-04-01'`);
    expect(rows[0]!.n).toBe(2);
  });

  it('takes a JSON array over GraphQL appendRows, and refuses a 10 MB body and an unknown dataset', async () => {
    const r = await s.gql(`mutation($rows: [JSON!]!) { appendRows(dataset: "stocks", rows: $rows) { accepted duplicates rejected rejectedRows { index reason } } }`, {
      rows: [{ _id: 'g1', symbol: 'AAPL', date: '2010-04-01', price: 235.0 }, { symbol: 'AAPL', date: 'yesterday-ish', price: 1 }],
    });
    expect(r.errors).toBeUndefined();
    expect(r.data.appendRows).toMatchObject({ accepted: 1, rejected: 1 });
    expect(r.data.appendRows.rejectedRows[0].index).toBe(1);
    const huge = JSON.stringify({ symbol: 'X'.repeat(10 * 1024 * 1024), date: '2010-04-01', price: 1 });
    const big = await post(s, 'stocks', huge);
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('PAYLOAD_TOO_LARGE');
    const arr = await post(s, 'stocks', JSON.stringify([{ symbol: 'AAPL', date: '2010-04-02', price: 236 }]), 'application/json');
    expect(arr.json.accepted).toBe(1);
    const cutArray = await post(s, 'stocks', '[{"symbol":"AAPL","date":"2010-04-03","price":1},{"sym', 'application/json');
    expect(cutArray.status).toBe(400);
    expect(cutArray.json.error.code).toBe('BAD_INPUT');
    const missing = await post(s, 'nope', '{"a":1}');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('DATASET_NOT_FOUND');
    // The server keeps serving.
    expect((await s.gql(`{ datasets { name } }`)).errors).toBeUndefined();
  });

  it('refuses a detector on a text column, naming the column', async () => {
    const r = await s.gql(`mutation { createDetector(input: { dataset: "stocks", kind: ROW_ZSCORE, measure: "symbol" }) { id } }`);
    expect(r.errors[0].extensions.code).toBe('TYPE_MISMATCH');
    expect(r.errors[0].message).toMatch(/'symbol' is a text column/);
    const unknown = await s.gql(`mutation { createDetector(input: { dataset: "stocks", kind: SERIES_ANOMALY, measure: "prize" }) { id } }`);
    expect(unknown.errors[0].extensions.code).toBe('UNKNOWN_COLUMN');
  });

  it('a series detector learns from history, alerts on a spike, pushes it live and replays it after an id', async () => {
    const created = await s.gql(`mutation { createDetector(input: { dataset: "stocks", kind: SERIES_ANOMALY, measure: "price", segmentBy: "symbol" }) { id kind threshold warmup status } }`);
    expect(created.errors).toBeUndefined();
    detectorId = created.data.createDetector.id;
    expect(created.data.createDetector).toMatchObject({ kind: 'SERIES_ANOMALY', threshold: 4.5, status: 'ACTIVE' });
    const live = take(client, { dataset: 'stocks' }, 1);
    await new Promise((r) => setTimeout(r, 200));
    // A normal next month for IBM, then a spike far outside its interval.
    const ok = await post(s, 'stocks', JSON.stringify({ symbol: 'IBM', date: '2010-05-01', price: 126 }));
    expect(ok.json.accepted).toBe(1);
    const spike = await post(s, 'stocks', JSON.stringify({ symbol: 'IBM', date: '2010-06-01', price: 400 }));
    expect(spike.json.accepted).toBe(1);
    const [alert] = await live;
    expect(alert).toMatchObject({ dataset: 'stocks', detectorId, segment: 'IBM', value: 400, modelVersion: 1 });
    expect(alert.upper).toBeLessThan(400);
    expect(alert.expected).toBeGreaterThan(100);
    expect(alert.expected).toBeLessThan(160);
    expect(alert.severity).toBeGreaterThanOrEqual(0.5);
    expect(alert.eventTime).toBe('2010-06-01T00:00:00.000Z');
    const stored = await s.gql(`{ alerts(dataset: "stocks") { ${ALERT_FIELDS} } }`);
    expect(stored.data.alerts).toHaveLength(1);
    expect(stored.data.alerts[0].id).toBe(alert.id);
    // A subscriber that missed it gets it first when it passes the id before.
    const replay = await take(client, { dataset: 'stocks', after: String(Number(alert.id) - 1) }, 1);
    expect(replay[0].id).toBe(alert.id);
  }, 180_000);

  it('a verdict moves the segment threshold by the documented rule and the history shows it', async () => {
    const [a] = (await s.gql(`{ alerts(dataset: "stocks") { id } }`)).data.alerts;
    const r = await s.gql(`mutation($id: ID!) { alertFeedback(alertId: $id, verdict: FALSE_POSITIVE, note: "earnings day") { thresholdBefore thresholdAfter alert { id } } }`, { id: a.id });
    expect(r.errors).toBeUndefined();
    expect(r.data.alertFeedback.thresholdBefore).toBeCloseTo(4.5, 9);
    expect(r.data.alertFeedback.thresholdAfter).toBeCloseTo(4.5 * Math.exp(0.25 * 0.8), 9);
    const h = await s.gql(`{ detectors(dataset: "stocks") { id thresholdHistory { segment before after verdict alertId } } }`);
    expect(h.data.detectors[0].thresholdHistory).toEqual([{ segment: 'IBM', before: 4.5, after: r.data.alertFeedback.thresholdAfter, verdict: 'FALSE_POSITIVE', alertId: a.id }]);
    const nope = await s.gql(`mutation { alertFeedback(alertId: "999999", verdict: TRUE_POSITIVE) { thresholdAfter } }`);
    expect(nope.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('pauses, resumes and deletes a detector; an unknown id is NOT_FOUND', async () => {
    const p = await s.gql(`mutation($id: ID!) { pauseDetector(id: $id) { status } }`, { id: detectorId });
    expect(p.data.pauseDetector.status).toBe('PAUSED');
    const spike = await post(s, 'stocks', JSON.stringify({ symbol: 'MSFT', date: '2010-06-01', price: 900 }));
    expect(spike.json.accepted).toBe(1);
    await s.app.services.realtime.scorer.idle();
    expect((await s.gql(`{ alerts(dataset: "stocks") { id } }`)).data.alerts).toHaveLength(1);
    const r = await s.gql(`mutation($id: ID!) { resumeDetector(id: $id) { status } }`, { id: detectorId });
    expect(r.data.resumeDetector.status).toBe('ACTIVE');
    const d = await s.gql(`mutation($id: ID!) { deleteDetector(id: $id) }`, { id: detectorId });
    expect(d.data.deleteDetector).toBe(true);
    const gone = await s.gql(`mutation($id: ID!) { pauseDetector(id: $id) { status } }`, { id: detectorId });
    expect(gone.errors[0].extensions.code).toBe('NOT_FOUND');
    const junk = await s.gql(`mutation { pauseDetector(id: "not-a-uuid") { status } }`);
    expect(junk.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
