import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { parse, specifiedRules, validate } from 'graphql';
import { buildSchema } from '../../../src/graphql/schema.js';
import { createRequestGuards } from '../../../src/server/plugins/requestGuards.js';
import { createLogger } from '../../../src/shared/logger.js';
import { loadConfig, type Config } from '../../../src/config/config.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';
import { wsClient, wsOnce } from './wsSupport.js';

const defaults = loadConfig({ NODE_ENV: 'test' } as NodeJS.ProcessEnv);
const limits = (over: Partial<Config['limits']>) => ({ limits: { ...defaults.limits, ...over } });

const post = async (url: string, body: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
};

const repeated = (n: number) => `{ ${'health { ok } '.repeat(n)}}`;
const code = (r: { errors?: any[] }) => r.errors?.[0]?.extensions?.code;

describe.each(testTargets())('hardened endpoint ($kind)', (target) => {
  let s: TestServer;
  let ws: Client;
  beforeAll(async () => {
    s = await startTestServer(target);
    await s.app.services.ingest.ingest({ name: 'sales', input: { kind: 'stream', stream: Readable.from([Buffer.from('region,amount\nnorth,1\nsouth,2\n')]) }, format: 'csv' });
    ws = wsClient(s.url);
  }, 180_000);
  afterAll(async () => {
    await ws?.dispose();
    await s?.close();
  });

  it('rejects 1,000 repeated fields in under 50 ms while a normal query keeps answering', async () => {
    // The check itself, in process (the round trips below also carry this busy machine's scheduling).
    const schema = buildSchema();
    const guards = createRequestGuards(s.app.services.config, schema, createLogger('silent'));
    const doc = parse(repeated(1000), guards.parseOptions);
    const local: number[] = [];
    for (let i = 0; i < 21; i++) {
      const t = performance.now();
      const errors = validate(schema, doc, [...specifiedRules, ...guards.validationRules]);
      local.push(performance.now() - t);
      expect(errors.map((e) => e.extensions.details)).toEqual([{ limit: 'fields', max: 500 }]);
    }
    const t0 = performance.now();
    validate(schema, parse(repeated(1000)), specifiedRules);
    const unguarded = performance.now() - t0;

    const bad = JSON.stringify({ query: repeated(1000) });
    await post(s.url, bad); // warm the path
    // Reference in the same run: a one-field invalid query's round trip on this machine.
    const r0 = performance.now();
    await post(s.url, JSON.stringify({ query: '{ nope }' }));
    const reference = performance.now() - r0;
    const times: number[] = [];
    const normal = (async () => {
      const t = performance.now();
      const r = await s.gql(`{ datasets { name rowCount } }`);
      return { ms: performance.now() - t, r };
    })();
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const t = performance.now();
        const r = await post(s.url, bad);
        times.push(performance.now() - t);
        expect(r.status).toBe(400);
        expect(r.json.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', details: { limit: 'fields', max: 500 } });
      }),
    );
    const n = await normal;
    local.sort((a, b) => a - b);
    times.sort((a, b) => a - b);
    console.log(
      `[hardening ${target.kind}] 1,000 repeated fields: refused in ${local[10]!.toFixed(2)} ms (median in process; graphql-js alone: ${unguarded.toFixed(0)} ms); ` +
        `over HTTP, 20 at once: median ${times[10]!.toFixed(1)} ms, worst ${times[19]!.toFixed(1)} ms (one invalid one-field query alone: ${reference.toFixed(1)} ms); a normal query alongside: ${n.ms.toFixed(1)} ms`,
    );
    expect(local[10]).toBeLessThan(50);
    expect(n.r.errors).toBeUndefined();
    expect(n.r.data.datasets.map((d: any) => d.name)).toEqual(['sales']);
  });

  it('rejects the same blowup over graphql-ws with the same code', async () => {
    await wsOnce(ws, '{ health { ok } }');
    const times: number[] = [];
    for (let i = 0; i < 11; i++) {
      const t = performance.now();
      const r = await wsOnce(ws, repeated(1000));
      times.push(performance.now() - t);
      expect(r).toMatchObject({ errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED', details: { limit: 'fields', max: 500 } } }] });
    }
    times.sort((a, b) => a - b);
    console.log(`[hardening ${target.kind}] 1,000 repeated fields over graphql-ws: median ${times[5]!.toFixed(1)} ms, worst ${times[10]!.toFixed(1)} ms (round trip)`);
    expect((await wsOnce(ws, '{ health { ok } }')).data.health.ok).toBe(true);
  });

  it('caps tokens, depth and aliases on both transports', async () => {
    const tokens = `{ health { ok } ${'__typename '.repeat(20_000)} }`;
    const h = await post(s.url, JSON.stringify({ query: tokens }));
    expect(h.status).toBe(400);
    expect(code(h.json)).toBe('GRAPHQL_PARSE_FAILED');
    expect(code(await wsOnce(ws, tokens))).toBe('GRAPHQL_PARSE_FAILED');
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: health { ok }`).join(' ')} }`;
    expect(code(await s.gql(aliases))).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(code(await wsOnce(ws, aliases))).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('limits the /graphql body to 1 MB by default', async () => {
    const big = JSON.stringify({ query: '{ health { ok } }', variables: { pad: 'x'.repeat(1024 * 1024) } });
    const r = await post(s.url, big);
    expect(r.status).toBe(413);
    expect(code(r.json)).toBe('PAYLOAD_TOO_LARGE');
    expect((await s.gql('{ health { ok } }')).data.health.ok).toBe(true);
  });

  it('counts list limits in the cost: limit × child cost, from literals and variables alike', async () => {
    const cheap = await s.gql(`{ datasets { ingestionRuns(limit: 20) { status rejectedRows(limit: 20) { line } } } }`);
    expect(cheap.errors).toBeUndefined();
    const costly = await s.gql(`{ datasets { ingestionRuns(limit: 1000) { status rejectedRows(limit: 1000) { line raw } } } }`);
    expect(code(costly)).toBe('QUERY_TOO_COMPLEX');
    expect(costly.errors[0].extensions.details.cost).toBeGreaterThan(1_000_000);
    const viaVars = await s.gql(`query($n: Int) { datasets { ingestionRuns(limit: $n) { rejectedRows(limit: $n) { line raw } } } }`, { n: 1000 });
    expect(code(viaVars)).toBe('QUERY_TOO_COMPLEX');
    expect(code(await wsOnce(ws, `query($n: Int) { datasets { ingestionRuns(limit: $n) { rejectedRows(limit: $n) { line raw } } } }`, { n: 1000 }))).toBe('QUERY_TOO_COMPLEX');
  });

  it('health names the major version only, not the build string', async () => {
    const r = await s.gql(`{ health { ok version } }`);
    expect(r.data.health.version).toMatch(/^PostgreSQL \d+$/);
  });

  it('masks errors over graphql-ws exactly as over HTTP', async () => {
    const q = `{ insight(query: { dataset: "nope", measures: [{ agg: COUNT }] }) { rows } }`;
    const h = await s.gql(q);
    const w = await wsOnce(ws, q);
    expect(code(h)).toBe('DATASET_NOT_FOUND');
    expect(code(w)).toBe(code(h));
    expect(w.errors![0].message).toBe(h.errors[0].message);
  });

  it('keeps suggestions and introspection outside production', async () => {
    const r = await s.gql(`{ datasets { nam } }`);
    expect(r.errors[0].message).toMatch(/Did you mean/);
    expect((await s.gql(`{ __schema { queryType { name } } }`)).data.__schema.queryType.name).toBe('Query');
  });
});

describe('production mode and per-key limits (embedded)', () => {
  let s: TestServer;
  let ws: Client;
  beforeAll(async () => {
    const prod = loadConfig({ NODE_ENV: 'production' } as NodeJS.ProcessEnv);
    s = await startTestServer(testTargets()[0]!, {
      nodeEnv: 'production',
      introspection: prod.introspection,
      suggestions: prod.suggestions,
      ...limits({ ratePerMinute: 60, rateBurst: 40, subscriptionsPerConnection: 2, maxResponseBytes: 4096 }),
    });
    ws = wsClient(s.url);
  }, 180_000);
  afterAll(async () => {
    await ws?.dispose();
    await s?.close();
  });

  it('turns introspection and every "did you mean" off on HTTP and WebSocket', async () => {
    const intro = `{ __schema { types { name } } }`;
    expect(code(await s.gql(intro))).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(code(await wsOnce(ws, intro))).toBe('GRAPHQL_VALIDATION_FAILED');
    for (const q of [`{ datasets { nam } }`, `subscription { datasetUpdated { kinds } }`, `{ insight(query: { dataset: "x", measures: [{ agg: COUN }] }) { rows } }`]) {
      const h = await s.gql(q);
      const w = await wsOnce(ws, q);
      expect(h.errors.length).toBeGreaterThan(0);
      expect(w.errors!.length).toBeGreaterThan(0);
      for (const e of [...h.errors, ...w.errors!]) expect(e.message).not.toMatch(/did you mean/i);
    }
  });

  it('caps the response size', async () => {
    const r = await s.gql(`{ datasets { name } ${Array.from({ length: 25 }, (_, i) => `h${i}: health { ok database version }`).join(' ')} }`);
    expect(r.data.datasets).toEqual([]);
    const big = await s.gql(`{ ${Array.from({ length: 25 }, (_, i) => `h${i}: __type(name: "Query") { name description }`).join(' ')} }`);
    expect(big.errors).toBeDefined();
  });

  it('limits subscriptions per connection', async () => {
    const sub = () =>
      new Promise<any>((resolve) => {
        ws.subscribe({ query: 'subscription { datasetUpdated { dataset } }' }, { next: () => undefined, error: (e) => resolve({ errors: e }), complete: () => resolve({}) });
        setTimeout(() => resolve({ open: true }), 500);
      });
    expect(await sub()).toEqual({ open: true });
    expect(await sub()).toEqual({ open: true });
    const third = await sub();
    expect(third.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('rate-limits a key (the client address in local mode) with a retry hint, on both transports', async () => {
    let limited: { status: number; headers: Headers; json: any } | null = null;
    for (let i = 0; i < 100 && !limited; i++) {
      const r = await post(s.url, JSON.stringify({ query: '{ health { ok } }' }));
      if (r.status === 429) limited = r;
    }
    expect(limited).not.toBeNull();
    expect(code(limited!.json)).toBe('RATE_LIMITED');
    expect(limited!.json.errors[0].extensions.details.retryAfterMs).toBeGreaterThan(0);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(code(await wsOnce(ws, '{ health { ok } }'))).toBe('RATE_LIMITED');
  });
});
