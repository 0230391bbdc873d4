import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { testTargets } from '../../support/targets.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with a Host header of our choosing (fetch always sends the URL's own). */
function request(base: string, host: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path, method: init.method ?? 'GET', headers: { ...init.headers, host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * A graphql-ws handshake and one query with a Host header of our choosing: resolves with the
 * query's data, or with the refused upgrade's status and body.
 */
function wsQuery(base: string, host: string, key?: string): Promise<{ data?: unknown; status?: number; body?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', { headers: { host } });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: key ? { authorization: `Bearer ${key}` } : {} })));
    ws.on('message', (m: Buffer) => {
      const msg = JSON.parse(m.toString()) as { type: string; payload?: { data?: unknown } };
      if (msg.type === 'connection_ack') ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ datasets { name } }' } }));
      if (msg.type === 'next') {
        ws.close();
        resolve({ data: msg.payload?.data });
      }
    });
  });
}

const EXPORT = `/export?format=csv&query=${encodeURIComponent(JSON.stringify({ dataset: 'h', measures: [{ agg: 'COUNT' }] }))}`;

/** Every kind of HTTP route: the API, uploads, events, export, health, the IDE, the web app, a preflight. */
const ROUTES: [string, string, { method?: string; headers?: Record<string, string>; body?: string }][] = [
  ['graphql', '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ datasets { name } }' }) }],
  ['upload', '/datasets/rebound?format=csv', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b\nx,1\n' }],
  ['events', '/datasets/h/events', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: '{"a":"z","b":3}\n' }],
  ['export', EXPORT, {}],
  ['health', '/health', {}],
  ['ide', '/graphql', { headers: { accept: 'text/html' } }],
  ['web app', '/', { headers: { accept: 'text/html' } }],
  ['preflight', '/graphql', { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } }],
];

/**
 * DNS rebinding: a page on an attacker's name that re-resolves to 127.0.0.1 reaches a local
 * server as "same-origin". The Host allow-list refuses it on every HTTP route and at the
 * WebSocket upgrade, in the one HTTP error shape, while loopback names and configured hosts pass.
 * It is on by default only in local mode (no key): a keyed server on loopback, as behind a
 * reverse proxy that passes the public Host, accepts any Host unless a list is configured.
 */
describe.each(testTargets())('the Host allow-list ($kind)', (target) => {
  let s: TestServer;
  let port: string;
  beforeAll(async () => {
    s = await startTestServer(target);
    port = new URL(s.base).port;
    const up = await fetch(`${s.base}/datasets/h?format=csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b\nx,1\ny,2\n' });
    expect(up.status).toBe(201);
  }, 180_000);
  afterAll(async () => s?.close());

  it('refuses a rebinding Host on every HTTP route with 403 FORBIDDEN host_not_allowed, before any handler runs', async () => {
    for (const rebound of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `localhost.evil.example:${port}`]) {
      for (const [name, path, init] of ROUTES) {
        const r = await request(s.base, rebound, path, init);
        const body = JSON.parse(r.body) as any;
        expect([name, rebound, r.status, body.error.code, body.errors[0].extensions.code, body.error.details.reason]).toEqual([name, rebound, 403, 'FORBIDDEN', 'FORBIDDEN', 'host_not_allowed']);
        expect(r.headers['access-control-allow-origin']).toBeUndefined();
      }
    }
    // The refused upload never ran: no dataset was made.
    const names = ((await s.gql('{ datasets { name } }')).data.datasets as { name: string }[]).map((d) => d.name);
    expect(names).not.toContain('rebound');
  });

  it('accepts loopback names on any port', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost', `LOCALHOST.:${port}`]) {
      const r = await request(s.base, host, '/health');
      expect([host, r.status]).toEqual([host, 200]);
      const [, path, init] = ROUTES[0]!;
      const g = await request(s.base, host, path, init);
      expect([host, g.status, (JSON.parse(g.body) as any).data.datasets.length]).toEqual([host, 200, 1]);
    }
  });

  it('refuses a rebinding Host at the WebSocket upgrade in the same error shape; accepts localhost', async () => {
    const refused = await wsQuery(s.base, `evil.example:${port}`);
    expect(refused.status).toBe(403);
    const body = JSON.parse(refused.body!) as any;
    expect([body.error.code, body.errors[0].extensions.code, body.error.details.reason]).toEqual(['FORBIDDEN', 'FORBIDDEN', 'host_not_allowed']);
    expect(await wsQuery(s.base, `localhost:${port}`)).toEqual({ data: { datasets: [{ name: 'h' }] } });
  });

  it('INSIGHTQL_ALLOWED_HOSTS: a configured host passes on HTTP and WebSocket, others are still refused; * turns the check off', async () => {
    const listed = await startTestServer(target, { allowedHosts: ['insights.example.test', 'pinned.example.test:8443'] });
    try {
      const p = new URL(listed.base).port;
      expect((await request(listed.base, `insights.example.test:${p}`, '/health')).status).toBe(200);
      expect((await request(listed.base, 'INSIGHTS.example.test', '/health')).status).toBe(200);
      expect((await request(listed.base, `localhost:${p}`, '/health')).status).toBe(200);
      // An entry with a port accepts that port only.
      expect((await request(listed.base, 'pinned.example.test:8443', '/health')).status).toBe(200);
      expect((await request(listed.base, `pinned.example.test:${p}`, '/health')).status).toBe(403);
      expect((await request(listed.base, `evil.example:${p}`, '/health')).status).toBe(403);
      expect(await wsQuery(listed.base, `insights.example.test:${p}`)).toEqual({ data: { datasets: [] } });
      expect((await wsQuery(listed.base, `evil.example:${p}`)).status).toBe(403);
    } finally {
      await listed.close();
    }
    const open = await startTestServer(target, { allowedHosts: ['*'] });
    try {
      const p = new URL(open.base).port;
      expect((await request(open.base, `evil.example:${p}`, '/health')).status).toBe(200);
      expect(await wsQuery(open.base, `evil.example:${p}`)).toEqual({ data: { datasets: [] } });
    } finally {
      await open.close();
    }
  }, 240_000);
  it('a keyed server on loopback accepts any Host (a proxy passes its own) on HTTP and WebSocket; keys are the wall', async () => {
    const keyed = await startTestServer(target);
    try {
      const p = new URL(keyed.base).port;
      // Keyless, it is in local mode: the proxy's Host is refused like a rebinding.
      expect((await request(keyed.base, 'insights.example.test', '/health')).status).toBe(403);
      // A key ends local mode at once (keys made by this process count immediately).
      const { key } = await keyed.app.services.keys.create({ tenantId: 'default', role: 'admin' });
      const auth = { authorization: `Bearer ${key}` };
      const [, path, init] = ROUTES[0]!;
      for (const host of ['insights.example.test', `evil.example:${p}`, `localhost:${p}`]) {
        expect([host, (await request(keyed.base, host, '/health', { headers: auth })).status]).toEqual([host, 200]);
        const g = await request(keyed.base, host, path, { ...init, headers: { ...init.headers, ...auth } });
        expect([host, g.status, (JSON.parse(g.body) as any).data.datasets]).toEqual([host, 200, []]);
        // Without a key the answer is the key's refusal, not the Host's.
        const anon = JSON.parse((await request(keyed.base, host, path, init)).body) as any;
        expect([host, anon.error.code]).toEqual([host, 'UNAUTHENTICATED']);
      }
      expect(await wsQuery(keyed.base, 'insights.example.test', key)).toEqual({ data: { datasets: [] } });
    } finally {
      await keyed.close();
    }
    // INSIGHTQL_AUTH=required is keyed before any key exists: no Host check either.
    const required = await startTestServer(target, { authRequired: true });
    try {
      const anon = await request(required.base, 'insights.example.test', '/health');
      expect([anon.status, (JSON.parse(anon.body) as any).error.code]).toEqual([401, 'UNAUTHENTICATED']);
    } finally {
      await required.close();
    }
    // INSIGHTQL_ALLOWED_HOSTS turns the check on in keyed mode too.
    const listed = await startTestServer(target, { allowedHosts: ['insights.example.test'] });
    try {
      const p = new URL(listed.base).port;
      const { key } = await listed.app.services.keys.create({ tenantId: 'default', role: 'admin' });
      const auth = { authorization: `Bearer ${key}` };
      expect((await request(listed.base, 'insights.example.test', '/health', { headers: auth })).status).toBe(200);
      const refused = await request(listed.base, `evil.example:${p}`, '/health', { headers: auth });
      expect([refused.status, (JSON.parse(refused.body) as any).error.details.reason]).toEqual([403, 'host_not_allowed']);
      expect((await wsQuery(listed.base, `evil.example:${p}`, key)).status).toBe(403);
    } finally {
      await listed.close();
    }
  }, 240_000);
});
