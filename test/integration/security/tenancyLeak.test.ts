import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runAs } from '../../../src/auth/requestScope.js';
import type { Principal } from '../../../src/auth/principal.js';
import { testTargets } from '../../support/targets.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { LEAK_PATHS, GUESSED_ID_PATHS, type LeakIds } from './leakPaths.js';

/**
 * Two tenants (alpha, bravo) that both have a dataset named "sales", plus a key of alpha limited
 * to region EASTREGION. Every path of leakPaths.ts runs as every caller; the response may hold
 * none of the tokens that caller must not see. Prints the number of leaked rows (token hits).
 */
const months = Array.from({ length: 24 }, (_, i) => `${2022 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`);
const ALPHA_SALES = ['date,region,product,amount', ...months.flatMap((d, i) => [`${d},EASTREGION,EASTITEM-${i % 3},${i + 1}`, `${d},WESTREGION,WESTSECRET-${i % 3},77777`])].join('\n');
const BRAVO_SALES = ['date,region,product,amount', ...months.map((d, i) => `${d},BRAVOREGION,BRAVOSECRET-${i % 3},55555`)].join('\n');

type Caller = 'aAdmin' | 'aEast' | 'b';

describe.each(testTargets())('tenancy leak test ($kind)', (target) => {
  let s: TestServer;
  const keys = {} as Record<Caller, string>;
  const ids: LeakIds = { a: {}, b: {} };
  const wsClients: Client[] = [];

  const gql = async (caller: Caller, query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[caller]}` }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: any; errors?: any[] };
  };
  const upload = async (caller: Caller, name: string, csv: string, append = false) => {
    const res = await fetch(`${s.base}/datasets/${name}?format=csv${append ? '&append=true' : ''}`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${keys[caller]}` }, body: csv });
    const body = (await res.json()) as { id: string; status: string };
    expect(res.status, JSON.stringify(body)).toBeLessThan(300);
    return body;
  };

  /** Appends one event per [region, product, amount] to the caller's feed (new products raise alerts). */
  const newProducts = async (caller: Caller, ...rows: [string, string, number][]) => {
    const r = await gql(caller, `mutation($rows: [JSON!]!) { appendRows(dataset: "feed", rows: $rows) { accepted rejected } }`, {
      rows: rows.map(([region, product, amount], i) => ({ date: `2024-02-0${i + 1}`, region, product, amount })),
    });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect(r.data.appendRows.accepted).toBe(rows.length);
  };
  /** Polls `get` until `ok` (scoring follows the commit), for at most 20 s. */
  const until = async <T>(get: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => {
    const end = Date.now() + 20_000;
    for (;;) {
      const v = await get();
      if (ok(v) || Date.now() > end) return v;
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  /** What each caller must never see. */
  const forbidden = (): Record<Caller, string[]> => {
    // Ids as tokens only when long enough to be unmistakable (alert ids are small integers).
    const idTokens = (side: 'a' | 'b') => Object.values(ids[side]).filter((v) => v.length >= 8);
    const bravo = ['BRAVO', '55555', 'bravo_only', ...idTokens('b')];
    return {
      aAdmin: bravo,
      aEast: [...bravo, 'WESTSECRET', 'WESTREGION', '77777', ids.a.model!],
      b: ['EASTITEM', 'EASTREGION', 'WESTSECRET', 'WESTREGION', '77777', 'alpha_only', ...idTokens('a')],
    };
  };
  /** Token hits in a response; what the request itself sent (a guessed id, a name) echoed back in an error is no leak. */
  const hits = (value: unknown, tokens: string[], sent: Record<string, unknown> = {}) => {
    let text = JSON.stringify(value);
    for (const v of Object.values(sent)) if (typeof v === 'string') text = text.replaceAll(v, '<sent>');
    return tokens.reduce((n, t) => n + (t ? text.split(t).length - 1 : 0), 0);
  };

  beforeAll(async () => {
    s = await startTestServer(target);
    const k = s.app.services.keys;
    keys.aAdmin = (await k.create({ tenantId: 'alpha', role: 'admin' })).key;
    keys.aEast = (await k.create({ tenantId: 'alpha', role: 'viewer', rowFilters: [{ column: 'region', value: 'EASTREGION' }] })).key;
    keys.b = (await k.create({ tenantId: 'bravo', role: 'analyst' })).key;

    ids.a.run = (await upload('aAdmin', 'sales', ALPHA_SALES)).id;
    await upload('aAdmin', 'alpha_only', 'x,y\nALPHAONLY,1\n');
    ids.b.run = (await upload('b', 'sales', BRAVO_SALES)).id;
    await upload('b', 'bravo_only', 'x,y\nBRAVOONLY,1\n');

    for (const [caller, side] of [['aAdmin', 'a'], ['b', 'b']] as const) {
      const t = await gql(caller, `{ trend(input: { dataset: "sales", measure: "amount", agg: SUM, grain: MONTH }) { model { id } } }`);
      expect(t.errors, JSON.stringify(t.errors)).toBeUndefined();
      ids[side].model = t.data.trend.model.id;
      const a = await gql(caller, `{ ask(question: "total amount by product", dataset: "sales") { conversationId messageId } }`);
      expect(a.errors, JSON.stringify(a.errors)).toBeUndefined();
      ids[side].conversation = a.data.ask.conversationId;
      ids[side].message = a.data.ask.messageId;
      const saved = await gql(caller, `mutation($m: ID!) { saveQuestion(input: { messageId: $m, title: "pinned" }) { id } }`, { m: ids[side].message });
      expect(saved.errors, JSON.stringify(saved.errors)).toBeUndefined();
      ids[side].saved = saved.data.saveQuestion.id;
      const det = await gql(caller, `mutation { createDetector(input: { dataset: "sales", kind: SERIES_ANOMALY, measure: "amount", segmentBy: "product" }) { id } }`);
      expect(det.errors, JSON.stringify(det.errors)).toBeUndefined();
      ids[side].detector = det.data.createDetector.id;
    }
    // A live feed per tenant whose detector alerts on a product never seen for its region; the
    // appended rows raise alerts (alpha: one in each region; bravo: its own), for the alert paths.
    for (const [caller, side, csv] of [
      ['aAdmin', 'a', 'date,region,product,amount\n2024-01-01,EASTREGION,EASTITEM-0,1\n2024-01-02,EASTREGION,EASTITEM-0,2\n2024-01-03,EASTREGION,EASTITEM-0,3\n2024-01-01,WESTREGION,WESTSECRET-0,77777\n2024-01-02,WESTREGION,WESTSECRET-0,77777\n2024-01-03,WESTREGION,WESTSECRET-0,77777\n'],
      ['b', 'b', 'date,region,product,amount\n2024-01-01,BRAVOREGION,BRAVOSECRET-0,55555\n2024-01-02,BRAVOREGION,BRAVOSECRET-0,55555\n2024-01-03,BRAVOREGION,BRAVOSECRET-0,55555\n'],
    ] as const) {
      await upload(caller, 'feed', csv);
      const d = await gql(caller, `mutation { createDetector(input: { dataset: "feed", kind: FIRST_SEEN, measure: "product", keyColumn: "region", warmup: 1 }) { id } }`);
      expect(d.errors, JSON.stringify(d.errors)).toBeUndefined();
    }
    await newProducts('aAdmin', ['EASTREGION', 'EASTITEM-NEW', 4], ['WESTREGION', 'WESTSECRET-NEW', 77777]);
    await newProducts('b', ['BRAVOREGION', 'BRAVOSECRET-NEW', 55555]);
    for (const [caller, side, n] of [['aAdmin', 'a', 2], ['b', 'b', 1]] as const) {
      const got = await until(async () => ((await gql(caller, `{ alerts(dataset: "feed") { id } }`)).data?.alerts ?? []) as { id: string }[], (l) => l.length >= n);
      ids[side].alert = got[0]!.id;
      const t = await gql(caller, `mutation { createEmbedToken(input: { datasets: ["sales"] }) { id } }`);
      expect(t.errors, JSON.stringify(t.errors)).toBeUndefined();
      ids[side].embed = t.data.createEmbedToken.id;
    }
    // Alpha's analyst teaches its whole tenant a word for a value the east key may not see.
    const f = await gql('aAdmin', `mutation($m: ID!) { answerFeedback(messageId: $m, helpful: false, tenantWide: true, correction: { term: { phrase: "zorblax", column: "product", value: "WESTSECRET-1" } }) { learned { phrase } } }`, { m: ids.a.message });
    expect(f.errors, JSON.stringify(f.errors)).toBeUndefined();
    // Bravo's analyst teaches itself one: each tenant has a learned word whose id the other may guess.
    const fb = await gql('b', `mutation($m: ID!) { answerFeedback(messageId: $m, helpful: false, correction: { term: { phrase: "quibbet", column: "product", value: "BRAVOSECRET-1" } }) { learned { phrase } } }`, { m: ids.b.message });
    expect(fb.errors, JSON.stringify(fb.errors)).toBeUndefined();
    for (const [caller, side, phrase] of [['aAdmin', 'a', 'zorblax'], ['b', 'b', 'quibbet']] as const) {
      const l = await gql(caller, `{ learnedWords(dataset: "sales") { id phrase } }`);
      ids[side].learned = l.data.learnedWords.find((w: { phrase: string }) => w.phrase === phrase).id;
    }
  }, 600_000);

  afterAll(async () => {
    for (const c of wsClients) await c.dispose();
    await s?.close();
  });

  it('no path shows a caller another tenant\'s rows or rows outside its filters', async () => {
    const tokens = forbidden();
    let leaked = 0;
    const report: string[] = [];
    for (const path of LEAK_PATHS) {
      for (const caller of ['aAdmin', 'aEast', 'b'] as Caller[]) {
        const vars = path.variables?.(ids, caller === 'b' ? 'b' : 'a');
        const r = await gql(caller, path.query, vars);
        const n = hits(r, tokens[caller], vars);
        if (n) report.push(`${path.name} as ${caller}: ${n} → ${JSON.stringify(r).slice(0, 300)}`);
        leaked += n;
      }
    }
    console.log(`tenancy leak test (${target.kind}): ${LEAK_PATHS.length} paths × 3 callers, rows leaked: ${leaked}${report.length ? `\n${report.join('\n')}` : ''}`);
    expect(leaked).toBe(0);
    // A path that errors for everyone tests nothing: each path that reads the caller's own data
    // answers its owner without an error (guessed ids and the other tenant's names may refuse).
    const broken: string[] = [];
    for (const path of LEAK_PATHS) {
      if (/guessed|other tenant/.test(path.name)) continue;
      const r = await gql('aAdmin', path.query, path.variables?.(ids, 'a'));
      if (r.errors) broken.push(`${path.name}: ${JSON.stringify(r.errors).slice(0, 200)}`);
    }
    expect(broken).toEqual([]);
    // Writes aimed at the other tenant changed nothing.
    for (const [caller, name] of [['aAdmin', 'alpha_only'], ['b', 'bravo_only']] as const) {
      expect((await gql(caller, `{ dataset(name: "${name}") { rowCount } }`)).data.dataset.rowCount, name).toBe(1);
    }
  }, 600_000);

  it('each caller does see its own rows (the paths work; silence is not safety)', async () => {
    const q = `{ insight(query: { dataset: "sales", measures: [{ agg: COUNT, as: "n" }, { agg: SUM, column: "amount", as: "total" }] }) { rows } }`;
    expect((await gql('aAdmin', q)).data.insight.rows).toEqual([{ n: 48, total: 24 * 77777 + 300 }]);
    expect((await gql('aEast', q)).data.insight.rows).toEqual([{ n: 24, total: 300 }]);
    expect((await gql('b', q)).data.insight.rows).toEqual([{ n: 24, total: 24 * 55555 }]);
    const ds = await gql('aEast', `{ datasets { name rowCount } }`);
    expect(ds.data.datasets).toEqual(expect.arrayContaining([{ name: 'sales', rowCount: 24 }]));
    const own = await gql('aAdmin', `{ ask(question: "amount for zorblax", dataset: "sales") { interpretation { query } } }`);
    expect(JSON.stringify(own.data)).toContain('WESTSECRET-1');
    const listed = await gql('aAdmin', `{ learnedWords(dataset: "sales") { phrase value scope } }`);
    expect(listed.data.learnedWords).toContainEqual({ phrase: 'zorblax', value: 'WESTSECRET-1', scope: 'TENANT' });
    // The east key is not shown that word (its value is outside its rows), so removing it is NOT_FOUND, not FORBIDDEN.
    expect((await gql('aEast', `mutation($id: ID!) { forgetLearnedWord(id: $id) }`, { id: ids.a.learned })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  }, 300_000);

  it('guessed ids of the other tenant answer exactly as missing ids do', async () => {
    let differ = 0;
    for (const path of GUESSED_ID_PATHS) {
      for (const caller of ['aEast', 'b'] as Caller[]) {
        const vars = path.variables!(ids, caller === 'b' ? 'b' : 'a');
        const guessed = await gql(caller, path.query, vars);
        // A missing id of the same kind: alert ids are integers, the others UUIDs.
        const random = /^\d+$/.test(String(vars.id)) ? String(900_000_000 + Math.floor(Math.random() * 1e8)) : randomUUID();
        const missing = await gql(caller, path.query, { id: random });
        // Only the id itself (quoted, as messages and details carry it) is normalised.
        const norm = (r: unknown) => {
          let t = JSON.stringify(r);
          for (const id of [String(vars.id), random]) t = t.replaceAll(`'${id}'`, "'ID'").replaceAll(`"${id}"`, '"ID"');
          return t;
        };
        if (norm(guessed) !== norm(missing)) {
          differ++;
          console.log(`${path.name} as ${caller}: ${norm(guessed)} vs ${norm(missing)}`);
        }
      }
    }
    expect(differ).toBe(0);
  }, 300_000);

  it('datasetUpdated over graphql-ws: another tenant hears nothing, a filtered key no totals', async () => {
    const events: Record<Caller, any[]> = { aAdmin: [], aEast: [], b: [] };
    const subscribed: Promise<void>[] = [];
    for (const caller of ['aEast', 'b'] as Caller[]) {
      const c = createClient({ url: s.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, connectionParams: { authorization: `Bearer ${keys[caller]}` } });
      wsClients.push(c);
      subscribed.push(
        new Promise<void>((resolve) => {
          c.subscribe({ query: 'subscription { datasetUpdated { dataset kind rowCount } }' }, { next: (v) => void events[caller].push(v), error: () => resolve(), complete: () => resolve() });
          setTimeout(resolve, 500);
        }),
      );
    }
    await Promise.all(subscribed);
    await upload('aAdmin', 'sales', 'date,region,product,amount\n2024-01-01,WESTREGION,WESTSECRET-9,77777\n', true);
    await new Promise((r) => setTimeout(r, 1500));
    const leaked = events.b.length + events.aEast.filter((e) => e.data?.datasetUpdated?.rowCount !== 0).length;
    console.log(`datasetUpdated (${target.kind}): bravo heard ${events.b.length} of alpha's events, the east key ${events.aEast.length} (rows leaked: ${leaked})`);
    expect(events.aEast.length).toBe(1);
    expect(leaked).toBe(0);
  }, 120_000);

  it('exports show a caller none of another tenant\'s rows nor rows outside its filters', async () => {
    const tokens = forbidden();
    let leaked = 0;
    const query = encodeURIComponent(JSON.stringify({ dataset: 'sales', dimensions: ['region', 'product'], measures: [{ column: 'amount', agg: 'SUM' }] }));
    for (const caller of ['aAdmin', 'aEast', 'b'] as Caller[]) {
      for (const format of ['csv', 'json']) {
        const res = await fetch(`${s.base}/export?format=${format}&query=${query}`, { headers: { authorization: `Bearer ${keys[caller]}` } });
        expect(res.status).toBe(200);
        const body = await res.text();
        // Each caller sees its own rows: an empty export cannot pass for a safe one.
        expect(body).toContain(caller === 'b' ? 'BRAVOREGION' : 'EASTREGION');
        leaked += hits(body, tokens[caller]);
      }
    }
    console.log(`exports (${target.kind}): rows leaked: ${leaked}`);
    expect(leaked).toBe(0);
  }, 120_000);

  it('row-level security holds on its own: a user query as another tenant reads no row, even naming the table', async () => {
    const wh = s.app.services.warehouse;
    const alphaTable = (await wh.query<{ table_name: string }>(`SELECT table_name FROM catalog.datasets WHERE tenant_id = 'alpha' AND name = 'sales'`))[0]!.table_name;
    const as = (tenantId: string): Principal => ({ kind: 'key', tenantId, role: 'viewer', keyId: null, rowFilters: [], datasets: null, clientKey: null });
    const read = (tenantId: string, sql: string) => runAs(as(tenantId), () => wh.readQuery<{ n: number }>(sql));
    const count = `SELECT count(*)::int AS n FROM warehouse."${alphaTable}"`;
    expect((await read('alpha', count))[0]!.n).toBe(49);
    expect((await read('bravo', count))[0]!.n).toBe(0);
    const catalog = `SELECT count(*)::int AS n FROM catalog.datasets`;
    expect((await read('bravo', catalog))[0]!.n).toBe(3);
    expect((await read('alpha', `SELECT count(*)::int AS n FROM catalog.ingestion_runs WHERE tenant_id = 'bravo'`))[0]!.n).toBe(0);
    // Saved questions share the catalog schema (readable by the reader): their policy must hold too.
    await wh.query(`INSERT INTO catalog.saved_questions (tenant_id, title, question, dataset, plan) VALUES ('alpha', 'rls-probe', 'total sales', 'sales', '{}'::jsonb)`);
    const saved = `SELECT count(*)::int AS n FROM catalog.saved_questions WHERE title = 'rls-probe'`;
    expect((await read('alpha', saved))[0]!.n).toBe(1);
    expect((await read('bravo', saved))[0]!.n).toBe(0);
    // The reader cannot step out of its role or read the keys.
    await expect(read('bravo', `SELECT count(*)::int AS n FROM catalog.api_keys`)).rejects.toThrow();
    console.log(`row-level security (${target.kind}): bravo reads 0 of alpha's 49 rows through the table itself`);
  }, 120_000);

  it('alerts over graphql-ws: another tenant hears none of them, a filtered key none outside its filter', async () => {
    const heard: Record<Caller, any[]> = { aAdmin: [], aEast: [], b: [] };
    const ready: Promise<void>[] = [];
    for (const caller of ['aAdmin', 'aEast', 'b'] as Caller[]) {
      const c = createClient({ url: s.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, connectionParams: { authorization: `Bearer ${keys[caller]}` } });
      wsClients.push(c);
      ready.push(
        new Promise<void>((resolve) => {
          c.subscribe({ query: 'subscription { alerts(dataset: "feed") { id dataset segment value } }' }, { next: (v) => void heard[caller].push(v), error: (e) => void heard[caller].push({ error: String(e) }), complete: () => resolve() });
          setTimeout(resolve, 500);
        }),
      );
    }
    await Promise.all(ready);
    await newProducts('aAdmin', ['EASTREGION', 'EASTITEM-LIVE', 5], ['WESTREGION', 'WESTSECRET-LIVE', 77777]);
    // The owner hears both (the path works); then the others had the same time to hear them.
    await until(async () => heard.aAdmin.length, (n) => n >= 2);
    await new Promise((r) => setTimeout(r, 500));
    const tokens = forbidden();
    const leaked = hits(heard.b, tokens.b) + heard.b.length + hits(heard.aEast, tokens.aEast);
    console.log(`alerts over graphql-ws (${target.kind}): alpha's admin heard ${heard.aAdmin.length}, bravo ${heard.b.length}, the east key ${heard.aEast.length} (rows leaked: ${leaked})`);
    expect(heard.aAdmin.length).toBe(2);
    // The east key hears the east alert (its own rows): filtered, not silenced.
    expect(heard.aEast.length).toBe(1);
    expect(leaked).toBe(0);
  }, 120_000);

  // Last: an append may make the caller's own dataset of that name, which the counts above don't expect.
  it('HTTP writes (events, appended uploads) aimed at the other tenant answer as for a missing dataset and change nothing', async () => {
    const tokens = forbidden();
    let leaked = 0;
    let differ = 0;
    const post = async (caller: Caller, path: string, type: string, body: string) => {
      const res = await fetch(`${s.base}${path}`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${keys[caller]}` }, body });
      return `${res.status} ${await res.text()}`;
    };
    for (const [caller, theirs] of [['b', 'alpha_only'], ['aAdmin', 'bravo_only']] as const) {
      const missing = `no_such_${caller.toLowerCase()}`;
      const writes: [string, string, (n: string) => string][] = [
        ['events', 'application/x-ndjson', (n) => `/datasets/${n}/events`],
        ['append upload', 'text/csv', (n) => `/datasets/${n}?format=csv&append=true`],
      ];
      for (const [what, type, path] of writes) {
        const body = type === 'text/csv' ? 'x,y\nLEAKPROBE,2\n' : '{"x":"LEAKPROBE","y":2}\n';
        const aimed = (await post(caller, path(theirs), type, body)).replaceAll(theirs, 'NAME');
        const none = (await post(caller, path(missing), type, body)).replaceAll(missing, 'NAME');
        leaked += hits(aimed, tokens[caller === 'b' ? 'b' : 'aAdmin'].filter((t) => t !== theirs));
        if (aimed.replace(/"(id|durationMs|bytes)":[^,}]+/g, '') !== none.replace(/"(id|durationMs|bytes)":[^,}]+/g, '')) {
          differ++;
          console.log(`${what} as ${caller}: ${aimed.slice(0, 300)} vs ${none.slice(0, 300)}`);
        }
      }
    }
    // The other tenant's datasets still hold their one row.
    for (const [caller, name] of [['aAdmin', 'alpha_only'], ['b', 'bravo_only']] as const) {
      expect((await gql(caller, `{ dataset(name: "${name}") { rowCount } }`)).data.dataset.rowCount, name).toBe(1);
    }
    // Nor may a filtered key write at all.
    expect(Number((await post('aEast', '/datasets/sales/events', 'application/x-ndjson', '{"region":"WESTREGION"}\n')).slice(0, 3))).toBe(403);
    console.log(`HTTP writes aimed at the other tenant (${target.kind}): rows leaked: ${leaked}, answers unlike a missing dataset's: ${differ}`);
    expect(leaked).toBe(0);
    expect(differ).toBe(0);
  }, 120_000);
});
