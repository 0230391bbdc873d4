import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/auth/principal.js';
import { runAs } from '../../../src/auth/requestScope.js';
import { vegaDataDir } from '../../../src/demo/demoLoader.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';

const admin = (tenantId: string): Principal => ({ kind: 'key', tenantId, role: 'admin', keyId: null, rowFilters: [], datasets: null, clientKey: null });

const Q1 = 'average price by symbol';
const Q2 = 'price by year';
const Q3 = 'maximum price by symbol';
const REC = `query($d: String!, $c: ID, $l: Int) { recommendedQuestions(dataset: $d, conversationId: $c, limit: $l) { id kind text score reasons query } }`;
const ASK = `query($q: String!, $c: ID) { ask(question: $q, dataset: "stocks", conversationId: $c) { conversationId messageId suggestions result { totalRows } clarification { message } } }`;

describe.each(testTargets())('recommended questions ($kind)', (target) => {
  let s: TestServer;
  const key: Record<string, string> = {};
  const as = async (who: string, query: string, variables?: Record<string, unknown>, client = 'c0') => {
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key[who]}`, 'x-insightql-client': client }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as any;
  };
  /** One user's conversation: asks each question in turn; returns the conversation id and the answers. */
  const converse = async (who: string, client: string, questions: string[]) => {
    let c: string | null = null;
    const answers: any[] = [];
    for (const q of questions) {
      const r = await as(who, ASK, { q, c }, client);
      expect(r.errors).toBeUndefined();
      expect(r.data.ask.clarification).toBeNull();
      c = r.data.ask.conversationId;
      answers.push(r.data.ask);
    }
    return { id: c!, answers };
  };
  /** The first ranking that holds an auto insight (the first scan may outlast one request's wait). */
  const withInsights = async (who: string, vars: Record<string, unknown>) => {
    for (let i = 0; ; i++) {
      const r = await as(who, REC, vars);
      expect(r.errors).toBeUndefined();
      if (r.data.recommendedQuestions.some((x: any) => x.kind === 'INSIGHT') || i > 60) return r.data.recommendedQuestions as any[];
      await new Promise((res) => setTimeout(res, 1000));
    }
  };

  beforeAll(async () => {
    s = await startTestServer(target);
    for (const t of ['acme', 'globex']) await runAs(admin(t), () => s.app.services.ingest.ingest({ name: 'stocks', input: { kind: 'file', path: join(vegaDataDir(), 'stocks.csv') } }));
    const keys = s.app.services.keys;
    key.acme = (await keys.create({ tenantId: 'acme', role: 'viewer' })).key;
    key.acmeIbm = (await keys.create({ tenantId: 'acme', role: 'viewer', rowFilters: [{ column: 'symbol', value: 'IBM' }] })).key;
    key.globex = (await keys.create({ tenantId: 'globex', role: 'viewer' })).key;
  }, 300_000);
  afterAll(() => s?.close());

  it('cold start: with no conversations, the auto insights are recommended', async () => {
    const recs = await withInsights('acme', { d: 'stocks', l: 5 });
    expect(recs.length).toBeGreaterThan(0);
    for (const r of recs) {
      expect(r.kind).toBe('INSIGHT');
      expect(r.reasons).toEqual(['AUTO_INSIGHT']);
      expect(r.query.dataset).toBe('stocks');
    }
  }, 300_000);

  it('ranks what users asked next after the conversation, then what they opened; helpful votes lift an item', async () => {
    for (const client of ['u1', 'u2', 'u3']) await converse('acme', client, [Q1, Q2]);
    const odd = await converse('acme', 'u4', [Q1, Q3]);
    const mine = await converse('acme', 'me', [Q1]);
    const before = (await as('acme', REC, { d: 'stocks', c: mine.id, l: 10 }, 'me')).data.recommendedQuestions as any[];
    const texts = before.map((r) => r.text);
    expect(texts.slice(0, 2)).toEqual([Q2, Q3]);
    expect(texts).not.toContain(Q1);
    expect(before[0].reasons).toContain('ASKED_NEXT');
    expect(before[0].kind).toBe('QUESTION');

    // Another user's conversation is not yours to rank for.
    const theirs = await as('acme', REC, { d: 'stocks', c: odd.id }, 'me');
    expect(theirs.errors[0].extensions.code).toBe('NOT_FOUND');

    const q3Before = before.find((r) => r.text === Q3).score;
    const fb = await as('acme', `mutation($m: ID!) { answerFeedback(messageId: $m, helpful: true) { helpful } }`, { m: odd.answers[1].messageId }, 'u4');
    expect(fb.errors).toBeUndefined();
    const after = (await as('acme', REC, { d: 'stocks', c: mine.id, l: 10 }, 'me')).data.recommendedQuestions as any[];
    const q3 = after.find((r) => r.text === Q3);
    expect(q3.reasons).toEqual(expect.arrayContaining(['ASKED_NEXT', 'HELPFUL']));
    expect(q3.score).toBeGreaterThan(q3Before);

    // Two users opened an insight after the first question: it follows that question from now on.
    const insight = (await withInsights('acme', { d: 'stocks', l: 20 })).find((r) => r.kind === 'INSIGHT');
    expect(insight).toBeTruthy();
    for (const client of ['u5', 'u6']) {
      const c = await converse('acme', client, [Q1]);
      const opened = await as('acme', `mutation($c: ID, $t: String!) { recordOpened(dataset: "stocks", kind: INSIGHT, text: $t, conversationId: $c) }`, { c: c.id, t: insight.text }, client);
      expect(opened).toEqual({ data: { recordOpened: true } });
    }
    const fresh = await converse('acme', 'me2', [Q1]);
    const ranked = (await as('acme', REC, { d: 'stocks', c: fresh.id, l: 10 }, 'me2')).data.recommendedQuestions as any[];
    const opened = ranked.find((r) => r.id === insight.id);
    expect(opened.reasons).toContain('OPENED');
    expect(opened.kind).toBe('INSIGHT');
    // Opened (half the weight of asking) after the question: below what was asked next, above every other insight.
    expect(ranked.slice(0, 3).map((r) => r.id)).toEqual([before[0].id, before[1].id, insight.id]);
    expect(ranked.slice(3).every((r) => r.kind !== 'INSIGHT' || r.reasons.join() === 'AUTO_INSIGHT')).toBe(true);
  }, 300_000);

  it("an answer's suggestions start with what users asked next", async () => {
    const r = await as('acme', ASK, { q: 'Average price by symbol?', c: null }, 'me3');
    expect(r.errors).toBeUndefined();
    expect(r.data.ask.suggestions[0]).toBe(Q2);
    expect(r.data.ask.suggestions.length).toBeLessThanOrEqual(4);
  }, 120_000);

  it('stays in the tenant: another tenant sees none of these questions and cannot use these conversations', async () => {
    const acmeConv = await converse('acme', 'u7', [Q1, Q2]);
    const recs = await withInsights('globex', { d: 'stocks', l: 20 });
    expect(recs.every((r) => r.kind === 'INSIGHT')).toBe(true);
    expect(JSON.stringify(recs)).not.toContain(Q2);
    const guessed = await as('globex', REC, { d: 'stocks', c: acmeConv.id });
    expect(guessed.errors[0].extensions.code).toBe('NOT_FOUND');
    const open = await as('globex', `mutation($c: ID) { recordOpened(dataset: "stocks", kind: QUESTION, text: "x", conversationId: $c) }`, { c: acmeConv.id });
    expect(open.errors[0].extensions.code).toBe('NOT_FOUND');
    // globex asking the same first question is not told what acme's users asked next.
    const ask = await as('globex', ASK, { q: Q1, c: null });
    expect(ask.data.ask.suggestions).not.toContain(Q2);
    const rows = await s.app.services.warehouse.query<{ tenant_id: string; n: number }>(`SELECT tenant_id, count(*)::int AS n FROM chat.opened_items GROUP BY 1`);
    expect(rows.map((r) => r.tenant_id)).toEqual(['acme']);
  }, 300_000);

  it('a key with row filters draws only on its own conversations', async () => {
    const recs = (await as('acmeIbm', REC, { d: 'stocks', l: 20 }, 'ibm')).data.recommendedQuestions as any[];
    expect(recs.filter((r) => r.kind === 'QUESTION')).toEqual([]);
    await converse('acmeIbm', 'ibm', [Q3, 'price by month']);
    const own = (await as('acmeIbm', REC, { d: 'stocks', l: 20 }, 'ibm')).data.recommendedQuestions as any[];
    expect(own.filter((r) => r.kind === 'QUESTION').map((r) => r.text).sort()).toEqual(['maximum price by symbol', 'price by month']);
  }, 300_000);

  it('bad input gets a clear error', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [REC, { d: 'stocks', l: 0 }, 'BAD_INPUT'],
      [REC, { d: 'stocks', l: 21 }, 'BAD_INPUT'],
      [REC, { d: 'no_such_dataset' }, 'DATASET_NOT_FOUND'],
      [REC, { d: 'stocks', c: 'not-a-uuid' }, 'NOT_FOUND'],
      [`mutation($t: String!) { recordOpened(dataset: "stocks", kind: QUESTION, text: $t) }`, { t: 'x'.repeat(501) }, 'BAD_INPUT'],
      [`mutation($t: String!) { recordOpened(dataset: "stocks", kind: QUESTION, text: $t) }`, { t: '   ' }, 'BAD_INPUT'],
      [`mutation($t: String!) { recordOpened(dataset: "nope", kind: QUESTION, text: $t) }`, { t: 'x' }, 'DATASET_NOT_FOUND'],
    ];
    for (const [q, v, code] of cases) {
      const r = await as('acme', q, v);
      expect([JSON.stringify(v).slice(0, 60), r.errors?.[0]?.extensions?.code]).toEqual([JSON.stringify(v).slice(0, 60), code]);
    }
  }, 120_000);
});
