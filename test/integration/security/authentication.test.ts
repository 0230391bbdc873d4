import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { testTargets } from '../../support/targets.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Opens a graphql-ws connection and runs one query; resolves with the result or the close code. */
function wsQuery(url: string, params: Record<string, unknown> | undefined, headers: Record<string, string> = {}): Promise<{ data?: unknown; closed?: number; errors?: unknown }> {
  return new Promise((resolve) => {
    class Ws extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    }
    const c = createClient({ url, webSocketImpl: Ws, retryAttempts: 0, lazy: true, connectionParams: params, on: { closed: (e) => resolve({ closed: (e as { code: number }).code }) } });
    c.subscribe({ query: '{ datasets { name } }' }, { next: (v) => resolve(v as { data?: unknown }), error: () => undefined, complete: () => void c.dispose() });
  });
}

describe.each(testTargets())('authentication, roles and browser safety ($kind)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target, { corsOrigins: ['https://app.example'] });
  }, 180_000);
  afterAll(async () => s?.close());

  it('local mode: before any key exists everything works without one', async () => {
    const r = await post(s.url, { query: '{ datasets { name } }' });
    expect(r.status).toBe(200);
    expect(await s.app.services.auth.localMode()).toBe(true);
  });

  describe('once a key exists', () => {
    const keys: Record<string, string> = {};
    beforeAll(async () => {
      for (const role of ['viewer', 'analyst', 'admin'] as const) keys[role] = (await s.app.services.keys.create({ tenantId: 'acme', role })).key;
    });

    it('answers 401 UNAUTHENTICATED without a key, with a wrong or revoked key, on /graphql, uploads and /health', async () => {
      for (const auth of [undefined, 'Bearer iql_nope', `Bearer ${keys.viewer}x`, 'Basic abc']) {
        const h: Record<string, string> = auth ? { authorization: auth } : {};
        const g = await post(s.url, { query: '{ datasets { name } }' }, h);
        expect(g.status, String(auth)).toBe(401);
        expect(((await g.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
        const u = await fetch(`${s.base}/datasets/x`, { method: 'POST', headers: { 'content-type': 'text/csv', ...h }, body: 'a\n1\n' });
        expect(u.status).toBe(401);
        expect((await fetch(`${s.base}/health`, { headers: h })).status).toBe(401);
      }
      const { key, info } = await s.app.services.keys.create({ tenantId: 'acme', role: 'viewer' });
      expect((await post(s.url, { query: '{ datasets { name } }' }, { authorization: `Bearer ${key}` })).status).toBe(200);
      await s.app.services.keys.revoke(info.id);
      expect((await post(s.url, { query: '{ datasets { name } }' }, { authorization: `Bearer ${key}` })).status).toBe(401);
    });

    it('stores only a hash and shows the key once', async () => {
      const rows = await s.app.services.warehouse.query<Record<string, unknown>>(`SELECT * FROM catalog.api_keys`);
      const text = JSON.stringify(rows);
      for (const k of Object.values(keys)) expect(text).not.toContain(k);
      const listed = await post(s.url, { query: '{ apiKeys { id role prefix } }' }, { authorization: `Bearer ${keys.admin}` });
      expect(JSON.stringify(await listed.json())).not.toContain(keys.viewer!);
    });

    it('answers FORBIDDEN for a role that lacks the right', async () => {
      const as = async (role: string, query: string) => ((await (await post(s.url, { query }, { authorization: `Bearer ${keys[role]}` })).json()) as any);
      const ingest = `mutation { ingestDataset(name: "t", content: "a\\n1\\n") { status } }`;
      expect((await as('viewer', ingest)).errors[0].extensions.code).toBe('FORBIDDEN');
      expect((await as('analyst', ingest)).data.ingestDataset.status).toBe('SUCCEEDED');
      expect((await as('analyst', '{ apiKeys { id } }')).errors[0].extensions.code).toBe('FORBIDDEN');
      expect((await as('viewer', '{ datasets { name } }')).data.datasets).toEqual([{ name: 't' }]);
      const made = await as('admin', 'mutation { createApiKey(role: VIEWER, rowFilters: [{ column: "a", value: "1" }]) { key apiKey { tenant role rowFilters { column value } } } }');
      expect(made.data.createApiKey.apiKey).toEqual({ tenant: 'acme', role: 'VIEWER', rowFilters: [{ column: 'a', value: '1' }] });
      expect(made.data.createApiKey.key).toMatch(/^iql_/);
      const foreign = await as('admin', 'mutation { createApiKey(role: ADMIN, tenant: "other") { key } }');
      expect(foreign.errors[0].extensions.code).toBe('FORBIDDEN');
      const up = await fetch(`${s.base}/datasets/u`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${keys.viewer}` }, body: 'a\n1\n' });
      expect(up.status).toBe(403);
    });

    it('graphql-ws takes the key in its connection params and refuses connections without one', async () => {
      const ws = s.url.replace('http', 'ws');
      expect(await wsQuery(ws, { authorization: `Bearer ${keys.viewer}` })).toMatchObject({ data: { datasets: [{ name: 't' }] } });
      expect((await wsQuery(ws, undefined)).closed).toBe(4403);
      expect((await wsQuery(ws, { authorization: 'Bearer iql_bad' })).closed).toBe(4403);
    });

    it('checks browser origins: CORS allow-list, WebSocket Origin, cross-site uploads', async () => {
      const pre = (origin: string) => fetch(s.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
      const ok = await pre('https://app.example');
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
      const evil = await pre('https://evil.example');
      expect(evil.status).toBe(403);
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      const ws = s.url.replace('http', 'ws');
      expect((await wsQuery(ws, { authorization: `Bearer ${keys.viewer}` }, { origin: 'https://evil.example' })).closed).toBeDefined();
      expect(await wsQuery(ws, { authorization: `Bearer ${keys.viewer}` }, { origin: 'https://app.example' })).toMatchObject({ data: { datasets: [{ name: 't' }] } });
      // A form post from another site: simple content type, no key, no preflight header.
      const form = await fetch(`${s.base}/datasets/f`, { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'https://evil.example' }, body: 'a\n1\n' });
      expect(form.status).toBe(403);
      expect(((await form.json()) as any).error.code).toBe('FORBIDDEN');
    });

    it('same-origin pages (the web app, the IDE) open sockets and upload without an allow-list entry', async () => {
      const own = new URL(s.base).origin;
      const ws = s.url.replace('http', 'ws');
      expect(await wsQuery(ws, { authorization: `Bearer ${keys.viewer}` }, { origin: own })).toMatchObject({ data: { datasets: [{ name: 't' }] } });
      // Another port of the same host is another origin.
      const other = `${new URL(s.base).protocol}//${new URL(s.base).hostname}:1`;
      expect((await wsQuery(ws, { authorization: `Bearer ${keys.viewer}` }, { origin: other })).closed).toBeDefined();
      const form = (origin: string) => fetch(`${s.base}/datasets/same_origin_upload`, { method: 'POST', headers: { 'content-type': 'text/plain', origin }, body: 'a\n1\n' });
      const mine = await form(own);
      // Not refused as cross-site: without a key it reaches authentication (401), not the CSRF guard.
      expect(((await mine.json()) as any).error.code).toBe('UNAUTHENTICATED');
      expect(((await (await form(other)).json()) as any).error.code).toBe('FORBIDDEN');
    });
  });
});
