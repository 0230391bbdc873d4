import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPrincipal } from '../../../src/auth/principal.js';
import { EmbedTokenService } from '../../../src/embed/embedTokenService.js';
import { SigningKeys } from '../../../src/embed/signingKeys.js';
import { apiKeyStatus, datasetScopeCheck } from '../../../src/embed/tokenScope.js';
import { testTargets } from '../../support/targets.js';
import { CREATE_TOKEN, jsonOf, loadFixtures, parseCsv, startFaceServer, type FaceServer } from './support.js';

const Q_SHOP = encodeURIComponent(JSON.stringify({ dataset: 'shop', dimensions: ['region', 'product'], measures: [{ column: 'amount', agg: 'SUM', as: 'total' }], orderBy: [{ field: 'total', direction: 'ASC' }] }));
const Q_STOCK = encodeURIComponent(JSON.stringify({ dataset: 'stock', measures: [{ agg: 'COUNT' }] }));

describe.each(testTargets())('embed tokens and /export ($kind)', (target) => {
  let s: FaceServer;
  let drop: () => Promise<void>;
  let shopToken: string;
  let shopTokenId: string;

  beforeAll(async () => {
    const db = await target.fresh();
    drop = db.drop;
    s = await startFaceServer(db.config);
    await loadFixtures(s.app);
    const r = await s.gql(CREATE_TOKEN, { input: { datasets: ['shop'], ttlSeconds: 600, origins: ['https://bi.example'] } });
    expect(r.errors).toBeUndefined();
    shopToken = r.data.createEmbedToken.token;
    shopTokenId = r.data.createEmbedToken.id;
  }, 180_000);
  afterAll(async () => {
    await s?.close();
    await drop?.();
  });

  it('makes a signed, short-lived token naming its datasets, filters and origins', async () => {
    const r = await s.gql(CREATE_TOKEN, { input: { datasets: ['shop'], rowFilters: [{ column: 'region', value: 'EU' }], ttlSeconds: 120 } });
    const t = r.data.createEmbedToken;
    expect(t.token.split('.')).toHaveLength(3);
    expect(t.datasets).toEqual(['shop']);
    expect(t.rowFilters).toEqual([{ column: 'region', value: 'EU' }]);
    expect(t.origins).toEqual([]);
    const ttl = (Date.parse(t.expiresAt) - Date.now()) / 1000;
    expect(ttl).toBeGreaterThan(60);
    expect(ttl).toBeLessThanOrEqual(121);
  });

  it('refuses bad requests with a code and the field', async () => {
    const cases: [Record<string, unknown>, string, string | undefined][] = [
      [{ datasets: [] }, 'BAD_INPUT', 'datasets'],
      [{ datasets: ['nope'] }, 'DATASET_NOT_FOUND', undefined],
      [{ datasets: ['shop'], ttlSeconds: 999_999 }, 'BAD_INPUT', 'ttlSeconds'],
      [{ datasets: ['shop'], rowFilters: [{ column: 'qty', value: '1' }] }, 'BAD_INPUT', 'rowFilters[0].column'],
      [{ datasets: ['shop'], origins: ['not an origin'] }, 'BAD_INPUT', 'origins[0]'],
    ];
    for (const [input, code, field] of cases) {
      const r = await s.gql(CREATE_TOKEN, { input });
      expect(r.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe(code);
      if (field) expect(r.errors[0].extensions.details.field).toBe(field);
    }
  });

  it('exports a query as CSV with formulas escaped, the same rows the insight field gives', async () => {
    const res = await s.get(`/export?format=csv&query=${Q_SHOP}`, { token: shopToken });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="shop-.*\.csv"/);
    const rows = parseCsv(await res.text());
    const ref = await s.gql(`query($q: InsightQueryInput!) { insight(query: $q) { rows } }`, { q: JSON.parse(decodeURIComponent(Q_SHOP)) });
    expect(rows[0]).toEqual(['region', 'product', 'total']);
    expect(rows.slice(1)).toEqual(ref.data.insight.rows.map((r: any) => [r.region, r.product, String(r.total)]));

    const raw = await (await s.get(`/export?format=csv&query=${encodeURIComponent(JSON.stringify({ dataset: 'shop', dimensions: ['note'], measures: [{ agg: 'COUNT' }], orderBy: [{ field: 'note' }] }))}`)).text();
    for (const f of ['=1+2', '+SUM(A1:A2)', '@cmd', '-2+3']) expect(raw).toContain(`"'${f}"`);
    expect(raw).toContain('"plain, with comma"');
  });

  it('exports JSON with columns, rows and totals', async () => {
    const res = await s.get(`/export?format=json&query=${Q_SHOP}`, { token: shopToken });
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body.dataset).toBe('shop');
    expect(body.columns.map((c: any) => c.name)).toEqual(['region', 'product', 'total']);
    expect(body.rows).toHaveLength(body.totalRows);
    expect(body.truncated).toBe(false);
  });

  it('a token for one dataset cannot read another: 404 as if it did not exist', async () => {
    const res = await s.get(`/export?format=csv&query=${Q_STOCK}`, { token: shopToken });
    expect(res.status).toBe(404);
    expect((await jsonOf(res)).error.code).toBe('DATASET_NOT_FOUND');
    // Without the token (local mode) the same export works: the refusal is the token's scope.
    expect((await s.get(`/export?format=csv&query=${Q_STOCK}`)).status).toBe(200);
  });

  it('refuses expired, tampered, foreign-signed and revoked tokens with 401 and a reason', async () => {
    const wh = s.app.services.warehouse;
    const past = new EmbedTokenService(wh, new SigningKeys(wh, null), apiKeyStatus(wh), datasetScopeCheck(s.app.services.catalog), () => new Date(Date.now() - 3600_000));
    const expired = (await past.create(localPrincipal(), { datasets: ['shop'], ttlSeconds: 60 })).token;
    const [h, p, sig] = shopToken.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const widened = Buffer.from(JSON.stringify({ ...claims, ds: ['shop', 'stock'] })).toString('base64url');
    const forged = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32)));
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    const cases: [string, string][] = [
      [expired, 'expired'],
      [`${h}.${widened}.${sig}`, 'invalid'],
      [`${h}.${p}.${sig!.slice(0, -2)}${sig!.endsWith('AA') ? 'BB' : 'AA'}`, 'invalid'],
      [forged, 'invalid'],
      [none, 'invalid'],
      ['eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln', 'invalid'],
    ];
    for (const [token, reason] of cases) {
      const res = await s.get(`/export?format=csv&query=${Q_SHOP}`, { token });
      expect(res.status, reason).toBe(401);
      const body = await jsonOf(res);
      expect(body.error.code).toBe('UNAUTHENTICATED');
      expect(body.error.details.reason).toBe(reason);
    }

    const fresh = (await s.gql(CREATE_TOKEN, { input: { datasets: ['shop'] } })).data.createEmbedToken;
    expect((await s.get(`/export?format=csv&query=${Q_SHOP}`, { token: fresh.token })).status).toBe(200);
    const revoked = await s.gql(`mutation($id: ID!) { revokeEmbedToken(id: $id) }`, { id: fresh.id });
    expect(revoked.data.revokeEmbedToken).toBe(true);
    const res = await s.get(`/export?format=csv&query=${Q_SHOP}`, { token: fresh.token });
    expect(res.status).toBe(401);
    expect((await jsonOf(res)).error.details.reason).toBe('revoked');
    expect(shopTokenId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('explains a token in the wrong place, a malformed header and bad parameters', async () => {
    const cases: [string, Record<string, string>, number, string][] = [
      [`/export?format=csv&query=${Q_SHOP}&token=${shopToken}`, {}, 401, 'UNAUTHENTICATED'],
      [`/export?format=csv&query=${Q_SHOP}`, { authorization: shopToken }, 401, 'UNAUTHENTICATED'],
      [`/export?format=xml&query=${Q_SHOP}`, {}, 400, 'BAD_INPUT'],
      [`/export?format=csv`, {}, 400, 'BAD_INPUT'],
      [`/export?format=csv&query=${Q_SHOP}&messageId=x`, {}, 400, 'BAD_INPUT'],
      [`/export?format=csv&query=%7Bnot%20json`, {}, 400, 'BAD_INPUT'],
      [`/export?format=csv&query=${encodeURIComponent('{"dataset":"shop","measures":[{"column":"nope","agg":"SUM"}]}')}`, {}, 400, 'UNKNOWN_COLUMN'],
      [`/export?format=csv&messageId=00000000-0000-0000-0000-000000000000`, {}, 404, 'NOT_FOUND'],
    ];
    for (const [path, hdrs, status, code] of cases) {
      const res = await s.get(path, hdrs);
      expect(res.status, path).toBe(status);
      const body = await jsonOf(res);
      expect(body.error.code, path).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(10);
    }
    expect((await s.get(`/export?format=csv&query=${Q_SHOP}&token=${shopToken}`).then(jsonOf)).error.message).toMatch(/Authorization header/);
  });

  it('exports a chat answer in full, only to the client whose conversation it is', async () => {
    const ask = await s.gql(`query { ask(question: "total amount by product", dataset: "shop") { messageId result { rows } } }`, undefined, { client: 'browser-a' });
    expect(ask.errors).toBeUndefined();
    const id = ask.data.ask.messageId;
    const res = await s.get(`/export?format=csv&messageId=${id}`, { client: 'browser-a' });
    expect(res.status).toBe(200);
    const rows = parseCsv(await res.text());
    expect(rows.length - 1).toBe(ask.data.ask.result.rows.length);
    const other = await s.get(`/export?format=csv&messageId=${id}`, { client: 'browser-b' });
    expect(other.status).toBe(404);
  });
});
