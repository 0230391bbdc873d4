import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/auth/principal.js';
import { runAs } from '../../../src/auth/requestScope.js';
import { testTargets } from '../../support/targets.js';
import { wsOnce } from '../security/wsSupport.js';
import { CREATE_TOKEN, jsonOf, loadFixtures, parseCsv, startFaceServer, type FaceServer } from './support.js';

const Q_REGION = encodeURIComponent(JSON.stringify({ dataset: 'shop', dimensions: ['region'], measures: [{ column: 'amount', agg: 'SUM', as: 'total' }] }));
const admin = (tenantId: string): Principal => ({ kind: 'key', tenantId, role: 'admin', keyId: null, rowFilters: [], datasets: null, clientKey: null });

describe.each(testTargets())('embed tokens with API keys ($kind)', (target) => {
  let s: FaceServer;
  let drop: () => Promise<void>;
  let adminKey: string;
  let analyst: { key: string; id: string };
  let viewerKey: string;
  let otherAdminKey: string;

  beforeAll(async () => {
    const db = await target.fresh();
    drop = db.drop;
    s = await startFaceServer(db.config);
    const keys = s.app.services.keys;
    await runAs(admin('acme'), () => loadFixtures(s.app));
    await runAs(admin('globex'), () => loadFixtures(s.app));
    adminKey = (await keys.create({ tenantId: 'acme', role: 'admin' })).key;
    const a = await keys.create({ tenantId: 'acme', role: 'analyst', rowFilters: [{ column: 'region', value: 'EU' }] });
    analyst = { key: a.key, id: a.info.id };
    viewerKey = (await keys.create({ tenantId: 'acme', role: 'viewer' })).key;
    otherAdminKey = (await keys.create({ tenantId: 'globex', role: 'admin' })).key;
  }, 180_000);
  afterAll(async () => {
    await s?.close();
    await drop?.();
  });

  it('needs an analyst or admin key to make one', async () => {
    const r = await s.gql(CREATE_TOKEN, { input: { datasets: ['shop'] } }, { token: viewerKey });
    expect(r.errors[0].extensions.code).toBe('FORBIDDEN');
    const none = await s.gql(CREATE_TOKEN, { input: { datasets: ['shop'] } });
    expect(none.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('carries the issuing key’s row filters into every answer, query and export made with it', async () => {
    const made = await s.gql(CREATE_TOKEN, { input: { datasets: ['shop'] } }, { token: analyst.key });
    expect(made.errors).toBeUndefined();
    const t = made.data.createEmbedToken;
    expect(t.rowFilters).toEqual([{ column: 'region', value: 'EU' }]);

    const insight = await s.gql(`{ insight(query: { dataset: "shop", dimensions: ["region"], measures: [{ column: "amount", agg: SUM }] }) { rows } }`, undefined, { token: t.token });
    expect(insight.data.insight.rows.map((r: any) => r.region)).toEqual(['EU']);

    const ask = await s.gql(`{ ask(question: "total amount by region", dataset: "shop") { messageId result { rows } } }`, undefined, { token: t.token, client: 'w1' });
    expect(ask.errors).toBeUndefined();
    expect(ask.data.ask.result.rows.map((r: any) => r.region)).toEqual(['EU']);

    const csv = parseCsv(await (await s.get(`/export?format=csv&query=${Q_REGION}`, { token: t.token })).text());
    expect(csv.slice(1)).toEqual([['EU', '80']]);
    const fromAnswer = parseCsv(await (await s.get(`/export?format=csv&messageId=${ask.data.ask.messageId}`, { token: t.token, client: 'w1' })).text());
    expect(fromAnswer.slice(1).map((r) => r[0])).toEqual(['EU']);
    const json = await jsonOf(await s.get(`/export?format=json&query=${Q_REGION}`, { token: t.token }));
    expect(json.rows).toEqual([{ region: 'EU', total: 80 }]);

    // Over graphql-ws too.
    const ws = createClient({ url: s.base.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${t.token}` } });
    try {
      const r = await wsOnce(ws, `{ datasets { name } insight(query: { dataset: "shop", dimensions: ["region"], measures: [{ agg: COUNT }] }) { rows } }`);
      expect(r.errors).toBeUndefined();
      expect(r.data.datasets.map((d: any) => d.name)).toEqual(['shop']);
      expect(r.data.insight.rows.map((x: any) => x.region)).toEqual(['EU']);
    } finally {
      await ws.dispose();
    }
  });

  it('is read-only and sees only its tenant and datasets', async () => {
    const t = (await s.gql(CREATE_TOKEN, { input: { datasets: ['shop'] } }, { token: adminKey })).data.createEmbedToken.token;
    const datasets = await s.gql(`{ datasets { name } }`, undefined, { token: t });
    expect(datasets.data.datasets.map((d: any) => d.name)).toEqual(['shop']);
    const stock = await s.gql(`{ insight(query: { dataset: "stock", measures: [{ agg: COUNT }] }) { rows } }`, undefined, { token: t });
    expect(stock.errors[0].extensions.code).toBe('DATASET_NOT_FOUND');
    for (const m of [
      `mutation { createEmbedToken(input: { datasets: ["shop"] }) { token } }`,
      `mutation { dropDataset(name: "shop") }`,
      `mutation { ingestDataset(name: "x", content: "a\\n1\\n") { status } }`,
    ]) {
      const r = await s.gql(m, undefined, { token: t });
      expect(r.errors?.[0]?.extensions?.code, m).toBe('FORBIDDEN');
    }
    // globex's own token reads globex's rows, never acme's; acme's token knows nothing of globex.
    const g = (await s.gql(CREATE_TOKEN, { input: { datasets: ['shop'] } }, { token: otherAdminKey })).data.createEmbedToken.token;
    const gRows = await s.gql(`{ insight(query: { dataset: "shop", measures: [{ agg: COUNT }] }) { rows } }`, undefined, { token: g });
    expect(gRows.errors).toBeUndefined();
    expect((await s.gql(`{ apiKeys { id } }`, undefined, { token: g })).errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('ends when the key that made it is revoked', async () => {
    const t = (await s.gql(CREATE_TOKEN, { input: { datasets: ['shop'] } }, { token: analyst.key })).data.createEmbedToken.token;
    expect((await s.get(`/export?format=csv&query=${Q_REGION}`, { token: t })).status).toBe(200);
    const rv = await s.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: analyst.id }, { token: adminKey });
    expect(rv.errors).toBeUndefined();
    const res = await s.get(`/export?format=csv&query=${Q_REGION}`, { token: t });
    expect(res.status).toBe(401);
    expect((await jsonOf(res)).error.details.reason).toBe('revoked');
    const g = await s.gql(`{ datasets { name } }`, undefined, { token: t });
    expect(g.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(g.errors[0].message).toMatch(/revoked/);
  });
});
