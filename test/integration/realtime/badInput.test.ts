import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';

const T0 = Date.UTC(2026, 0, 1);
const at = (i: number) => new Date(T0 + i * 60_000).toISOString();
const line = (i: number, value: number) => JSON.stringify({ _id: `t${i}`, time: at(i), sensor: 's1', value });

async function post(s: TestServer, body: string) {
  const res = await fetch(`${s.base}/datasets/ticks/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
  return { status: res.status, json: (await res.json()) as any };
}

const rowCount = async (s: TestServer) => (await s.gql(`{ dataset(name: "ticks") { rowCount } }`)).data.dataset.rowCount as number;

describe.each(testTargets())('bad event input gets a clear outcome and the server keeps serving ($kind)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
    // A steady series: a series detector learns it from this history.
    const csv = ['time,sensor,value', ...Array.from({ length: 200 }, (_, i) => `${at(i - 200)},s1,${(10 + 0.2 * Math.sin(i / 3)).toFixed(3)}`)].join('\n');
    expect((await fetch(`${s.base}/datasets/ticks?format=csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })).status).toBe(201);
    const d = await s.gql(`mutation { createDetector(input: { dataset: "ticks", kind: SERIES_ANOMALY, measure: "value", segmentBy: "sensor" }) { id } }`);
    expect(d.errors).toBeUndefined();
  }, 300_000);
  afterAll(() => s?.close());

  it('a stream cut mid-line appends nothing; the same stream sent whole is taken once', async () => {
    const before = await rowCount(s);
    const lines = Array.from({ length: 50 }, (_, i) => line(i, 10));
    const whole = lines.join('\n');
    const cutAt = whole.length - Math.floor(lines[49]!.length / 2);
    await new Promise<void>((resolve) => {
      const req = request(`${s.base}/datasets/ticks/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' } });
      req.on('error', () => resolve());
      req.write(whole.slice(0, cutAt));
      // The connection goes away in the middle of the 50th line.
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });
    // Others are served meanwhile, and nothing of the cut stream landed.
    expect((await s.gql(`{ datasets { name } }`)).errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300));
    expect(await rowCount(s)).toBe(before);
    const r = await post(s, whole);
    expect(r).toMatchObject({ status: 200, json: { accepted: 50, duplicates: 0, rejected: 0 } });
    const again = await post(s, whole);
    expect(again.json).toMatchObject({ accepted: 0, duplicates: 50 });
    expect(await rowCount(s)).toBe(before + 50);
  }, 120_000);

  it('an event out of order is stored but not scored as part of its series (a late outlier raises nothing); the next in-order outlier alerts', async () => {
    await s.app.services.realtime.scorer.idle();
    const alertsBefore = (await s.gql(`{ alerts(dataset: "ticks") { id } }`)).data.alerts.length as number;
    const late = await post(s, [line(60, 10), line(55, 1000)].join('\n'));
    expect(late.json).toMatchObject({ accepted: 2, rejected: 0 });
    await s.app.services.realtime.scorer.idle();
    const afterLate = (await s.gql(`{ alerts(dataset: "ticks") { id eventTime value expected upper score } }`)).data.alerts;
    expect(afterLate.length, JSON.stringify(afterLate)).toBe(alertsBefore);
    const stored = await s.app.services.warehouse.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM warehouse.${(await s.app.services.catalog.getCatalogDataset('ticks')).tableName} WHERE value = 1000`,
    );
    expect(stored[0]!.n).toBe(1);
    await post(s, line(61, 1000));
    await s.app.services.realtime.scorer.idle();
    const alerts = (await s.gql(`{ alerts(dataset: "ticks") { eventTime value } }`)).data.alerts as { eventTime: string; value: unknown }[];
    expect(alerts.length).toBe(alertsBefore + 1);
    expect(alerts[0]!.eventTime).toBe(at(61));
  }, 120_000);

  it('a 10 MB event over GraphQL appendRows is refused with a code, not a 500', async () => {
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation($rows: [JSON!]!) { appendRows(dataset: "ticks", rows: $rows) { accepted } }`, variables: { rows: [{ time: at(70), sensor: 'x'.repeat(10 * 1024 * 1024), value: 1 }] } }),
    });
    expect(res.status).toBeLessThan(500);
    expect(res.status).toBeGreaterThanOrEqual(400);
    const text = await res.text();
    expect(text).toMatch(/PAYLOAD_TOO_LARGE|too large/i);
    expect((await s.gql(`{ datasets { name } }`)).errors).toBeUndefined();
  }, 120_000);
});
