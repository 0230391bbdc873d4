import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../../src/config/config.js';
import { testTargets } from '../../support/targets.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';

const defaults = loadConfig({} as NodeJS.ProcessEnv);
/** Requests at once per key. */
const BURST = 3;
/**
 * One request an hour: no token comes back while a test runs, however slow a loaded machine is
 * between spends (at one a minute, a gap over 60 s refilled a token and the 429s turned into 2xx).
 */
const RATE_PER_MINUTE = 1 / 60;

/** One graphql-ws operation as `key`; resolves with its result or its errors. */
function wsOnce(url: string, key: string, query: string): Promise<{ data?: any; errors?: any[] }> {
  return new Promise((resolve) => {
    const c = createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${key}` } });
    c.subscribe(
      { query },
      {
        next: (v) => resolve(v as { data?: any }),
        error: (e) => resolve({ errors: Array.isArray(e) ? e : [{ extensions: { code: 'SOCKET_ERROR' }, message: String(e) }] }),
        complete: () => void c.dispose(),
      },
    );
  });
}

/**
 * One rate limit per key over every route that works for it: uploads and events draw from the same
 * bucket as /graphql, /export, /health and graphql-ws. Past it, each answers 429 RATE_LIMITED with
 * Retry-After and details.retryAfterMs, and the handler never runs; another key is unaffected.
 */
describe.each(testTargets())('the per-key rate limit on every route ($kind)', (target) => {
  let s: TestServer;
  let admin: string;
  beforeAll(async () => {
    s = await startTestServer(target, { limits: { ...defaults.limits, ratePerMinute: RATE_PER_MINUTE, rateBurst: BURST } });
    admin = (await s.app.services.keys.create({ tenantId: 'default', role: 'admin' })).key;
    const up = await fetch(`${s.base}/datasets/ev?format=csv`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${admin}` }, body: 'time,account,amount\n2026-01-01T00:00:00Z,a1,1\n' });
    expect(up.status).toBe(201);
  }, 180_000);
  afterAll(async () => s?.close());

  const analyst = async () => (await s.app.services.keys.create({ tenantId: 'default', role: 'analyst' })).key;
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  let n = 0;
  const upload = (key: string) => fetch(`${s.base}/datasets/up_${n++}?format=csv`, { method: 'POST', headers: { 'content-type': 'text/csv', ...auth(key) }, body: 'a,b\nx,1\n' });
  const events = (key: string) =>
    fetch(`${s.base}/datasets/ev/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...auth(key) }, body: `{"time":"2026-01-02T00:00:0${n++ % 10}Z","account":"a2","amount":2}\n` });
  const graphql = (key: string) => fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth(key) }, body: '{"query":"{ datasets { name } }"}' });
  const exportCsv = (key: string) => fetch(`${s.base}/export?format=csv&query=${encodeURIComponent(JSON.stringify({ dataset: 'ev', measures: [{ agg: 'COUNT' }] }))}`, { headers: auth(key) });

  /** A refusal: 429, Retry-After, RATE_LIMITED with retryAfterMs in both halves of the error shape. */
  async function expectLimited(r: Response, what: string) {
    const body = (await r.json()) as any;
    expect([what, r.status, body.error.code, body.errors[0].extensions.code]).toEqual([what, 429, 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(body.error.details.retryAfterMs).toBeGreaterThan(0);
  }

  it('uploads spend the key’s budget; past it uploads, /graphql, events, /export and graphql-ws are refused', async () => {
    const key = await analyst();
    for (let i = 0; i < BURST; i++) expect((await upload(key)).status).toBe(201);
    const refused = await upload(key);
    await expectLimited(refused, 'upload');
    await expectLimited(await graphql(key), 'graphql');
    await expectLimited(await events(key), 'events');
    await expectLimited(await exportCsv(key), 'export');
    const ws = await wsOnce(s.url, key, '{ datasets { name } }');
    expect(ws.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(ws.errors?.[0]?.extensions?.details?.retryAfterMs).toBeGreaterThan(0);
    // The refused upload never ran: only the first BURST datasets exist.
    const names = ((await (await graphql(admin)).json()) as any).data.datasets.map((d: { name: string }) => d.name);
    expect(names.filter((x: string) => x.startsWith('up_')).length).toBe(BURST);
  });

  it('events spend the key’s budget; past it events and uploads are refused; another key is unaffected', async () => {
    const key = await analyst();
    for (let i = 0; i < BURST; i++) {
      const r = await events(key);
      expect([r.status, ((await r.json()) as any).accepted]).toEqual([200, 1]);
    }
    await expectLimited(await events(key), 'events');
    await expectLimited(await upload(key), 'upload');
    // Another key of the same tenant, from the same address, has its own budget on every route.
    const other = await analyst();
    expect((await events(other)).status).toBe(200);
    expect((await upload(other)).status).toBe(201);
    expect((await wsOnce(s.url, other, '{ datasets { name } }')).data?.datasets.length).toBeGreaterThan(0);
  });

  it('graphql-ws operations spend the same budget as HTTP: after them an upload is refused', async () => {
    const key = await analyst();
    for (let i = 0; i < BURST; i++) expect((await wsOnce(s.url, key, '{ datasets { name } }')).data?.datasets.length).toBeGreaterThan(0);
    await expectLimited(await upload(key), 'upload after graphql-ws');
    await expectLimited(await events(key), 'events after graphql-ws');
  });
});
