import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { testTargets } from '../../support/targets.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';

const defaults = loadConfig({} as NodeJS.ProcessEnv);

/**
 * The one request gate in front of every HTTP route: the same refusals, in the same error shape,
 * on /graphql, uploads, events, /export and /health; and an address that keeps sending bad keys is
 * answered 429 without a key lookup, while a valid key from that address still works.
 */
describe.each(testTargets())('the request gate ($kind)', (target) => {
  let s: TestServer;
  let viewer: string;
  let analyst: string;
  beforeAll(async () => {
    s = await startTestServer(target, { limits: { ...defaults.limits, ratePerMinute: 0, authFailuresPerMinute: 20 } });
    await fetch(`${s.base}/datasets/g`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b\nx,1\ny,2\n' });
    viewer = (await s.app.services.keys.create({ tenantId: 'default', role: 'viewer' })).key;
    analyst = (await s.app.services.keys.create({ tenantId: 'default', role: 'analyst' })).key;
  }, 180_000);
  afterAll(async () => s?.close());

  const EXPORT = `/export?format=csv&query=${encodeURIComponent(JSON.stringify({ dataset: 'g', measures: [{ agg: 'COUNT' }] }))}`;
  const routes = (auth?: string): [string, RequestInit][] => {
    const h: Record<string, string> = auth ? { authorization: auth } : {};
    return [
      ['/graphql', { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ datasets { name } }' }) }],
      ['/datasets/g2', { method: 'POST', headers: { ...h, 'content-type': 'text/csv' }, body: 'a\n1\n' }],
      ['/datasets/g/events', { method: 'POST', headers: { ...h, 'content-type': 'application/x-ndjson' }, body: '{"a":"z","b":3}\n' }],
      [EXPORT, { headers: h }],
      ['/health', { headers: h }],
    ];
  };

  it('refuses the same way on every route, in one error shape', async () => {
    for (const [path, init] of routes()) {
      const r = await fetch(`${s.base}${path}`, init);
      const body = (await r.json()) as any;
      expect([path, r.status, body.error.code, body.errors[0].extensions.code]).toEqual([path, 401, 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    // A viewer may read but not write; whole-dataset writes are the analyst's.
    const statuses: number[] = [];
    for (const [path, init] of routes(`Bearer ${viewer}`)) statuses.push((await fetch(`${s.base}${path}`, init)).status);
    expect(statuses).toEqual([200, 403, 403, 200, 200]);
    const asAnalyst = await fetch(`${s.base}/datasets/g2`, routes(`Bearer ${analyst}`)[1]![1]);
    expect(asAnalyst.status).toBe(201);
    // A token in the URL is refused on every route, before anything else.
    const inUrl = await fetch(`${s.base}/health?access_token=${viewer}`);
    expect([inUrl.status, ((await inUrl.json()) as any).error.details.reason]).toEqual([401, 'token_in_url']);
  });

  it('answers an address that keeps failing with 429 and a retry hint, cheaply; a known good key still passes', async () => {
    // A server of its own whose budget refills slowly (2 a minute, 1 at once): the refill cannot
    // race a loaded machine's slow requests.
    const s = await startTestServer(target, { limits: { ...defaults.limits, ratePerMinute: 0, authFailuresPerMinute: 2 } });
    try {
      await failures(s, (await s.app.services.keys.create({ tenantId: 'default', role: 'viewer' })).key);
    } finally {
      await s.close();
    }
  }, 240_000);

  async function failures(s: TestServer, viewer: string) {
    // The valid key is used once first (it is then known without a lookup).
    const ok = () => fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer}` }, body: '{"query":"{ datasets { name } }"}' });
    expect((await ok()).status).toBe(200);
    const bad = (i: number) =>
      fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer iql_bad${String(i).padStart(5, '0')}_${'x'.repeat(43)}` }, body: '{"query":"{ datasets { name } }"}' });
    const codes: number[] = [];
    for (let i = 0; i < 30; i++) codes.push((await bad(i)).status);
    const firstRefusal = codes.indexOf(429);
    expect(firstRefusal).toBe(1);
    expect(codes.slice(0, firstRefusal).every((c) => c === 401)).toBe(true);
    expect(codes.slice(firstRefusal).every((c) => c === 429)).toBe(true);
    const r = await bad(99);
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await r.json()) as any).error.details.reason).toBe('authentication_failures');
    const t = performance.now();
    const n = 200;
    // Count key lookups (the store's verify, which hashes and may ask the database).
    const keys = s.app.services.keys;
    const verify = keys.verify.bind(keys);
    let lookups = 0;
    keys.verify = (k: string) => (lookups++, verify(k));
    try {
      await Promise.all(Array.from({ length: n }, (_, i) => bad(1000 + i)));
    } finally {
      keys.verify = verify;
    }
    const ms = performance.now() - t;
    console.log(`[gate] ${codes.filter((c) => c === 401).length} failures allowed, then 429; ${n} refused requests in ${ms.toFixed(0)} ms (${(ms / n).toFixed(2)} ms each), ${lookups} key lookups`);
    // Refused before any key lookup (but the ones the budget's refill of 2 a minute lets through).
    expect(lookups).toBeLessThanOrEqual(Math.ceil(ms / 30_000));
    expect((await ok()).status).toBe(200);
  }
});
