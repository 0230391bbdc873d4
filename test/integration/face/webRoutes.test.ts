import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTargets } from '../../support/targets.js';
import { webRoot } from '../../../src/web/webRoot.js';
import { jsonOf, startFaceServer, type FaceServer } from './support.js';

const [embedded] = testTargets();

describe('web routes', () => {
  let dev: FaceServer;
  let prod: FaceServer;
  beforeAll(async () => {
    dev = await startFaceServer({ ...(await embedded!.fresh()).config, corsOrigins: ['https://bi.example'] });
    prod = await startFaceServer({ ...(await embedded!.fresh()).config, nodeEnv: 'production', graphqlIde: false });
  }, 180_000);
  afterAll(async () => {
    await dev?.close();
    await prod?.close();
  });

  const html = { accept: 'text/html,application/xhtml+xml' };

  it('serves the app at /, the widget at /embed and the loader at /embed.js, or says how to build them', async () => {
    const built = webRoot() !== null;
    for (const path of ['/', '/embed']) {
      const res = await fetch(`${dev.base}${path}`);
      expect(res.status, path).toBe(built ? 200 : 503);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(res.headers.get('content-security-policy')).toMatch(path === '/' ? /frame-ancestors 'none'/ : /frame-ancestors \*/);
      if (!built) expect(await res.text()).toMatch(/npm run build/);
    }
    const js = await fetch(`${dev.base}/embed.js`);
    expect(js.status).toBe(built ? 200 : 503);
    if (built) expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('gives browsers the bundled IDE at GET /graphql, loading nothing from another host', async () => {
    const res = await fetch(`${dev.base}/graphql`, { headers: html });
    if (webRoot() === null) return void expect(res.status).toBe(503);
    expect(res.status).toBe(200);
    const page = await res.text();
    const srcs = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs.some((u) => u.startsWith('/assets/'))).toBe(true);
    for (const u of srcs) expect(u, u).toMatch(/^(\/|data:)/);
  });

  it('keeps /graphql an API for POSTs and GETs with a query', async () => {
    const post = await fetch(`${dev.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ health { ok } }"}' });
    expect((await jsonOf(post)).data.health.ok).toBe(true);
    const get = await fetch(`${dev.base}/graphql?query=${encodeURIComponent('{ health { ok } }')}`, { headers: { ...html, 'apollo-require-preflight': '1' } });
    expect(get.status).toBe(200);
  });

  it('turns the IDE off in production unless enabled, saying so', async () => {
    const res = await fetch(`${prod.base}/graphql`, { headers: html });
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/INSIGHTQL_GRAPHQL_IDE/);
  });

  it('lets only configured origins call the API from a browser (CORS)', async () => {
    const preflight = (base: string, origin: string, path = '/graphql') =>
      fetch(`${base}${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    const ok = await preflight(dev.base, 'https://bi.example');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://bi.example');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect((await preflight(dev.base, 'https://bi.example', '/export')).status).toBe(204);
    const post = await fetch(`${dev.base}/graphql`, { method: 'POST', headers: { origin: 'https://bi.example', 'content-type': 'application/json' }, body: '{"query":"{ health { ok } }"}' });
    expect(post.headers.get('access-control-allow-origin')).toBe('https://bi.example');
    for (const [base, origin] of [[dev.base, 'https://evil.example'], [prod.base, 'https://bi.example']] as const) {
      const res = await preflight(base, origin);
      expect(res.headers.get('access-control-allow-origin'), `${base} ${origin}`).toBeNull();
    }
  });
});
