import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTargets } from '../../support/targets.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';

/**
 * Feedback is scoped: a correction applies to the key (or client) that made it; teaching the
 * whole tenant needs the analyst role; one key's correction never changes another key's answers.
 */
const SHOP = ['day,product,amount', ...Array.from({ length: 30 }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')},${['GIZMO-7', 'WIDGET-2', 'SPROCKET-5'][i % 3]},${i + 1}`)].join('\n');

describe.each(testTargets())('feedback scope ($kind)', (target) => {
  let s: TestServer;
  const keys: Record<'viewerA' | 'viewerB' | 'analyst', string> = { viewerA: '', viewerB: '', analyst: '' };
  const gql = async (who: keyof typeof keys, query: string, variables?: Record<string, unknown>) => {
    const r = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[who]}` }, body: JSON.stringify({ query, variables }) });
    return (await r.json()) as { data?: any; errors?: any[] };
  };
  const ask = async (who: keyof typeof keys, question: string) => {
    const r = await gql(who, `query($q: String!) { ask(question: $q, dataset: "shop") { messageId interpretation { query } } }`, { q: question });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data.ask as { messageId: string; interpretation: { query: unknown } | null };
  };
  const teach = (who: keyof typeof keys, messageId: string, phrase: string, value: string, tenantWide: boolean) =>
    gql(who, `mutation($m: ID!, $p: String!, $v: String!, $t: Boolean) { answerFeedback(messageId: $m, helpful: false, tenantWide: $t, correction: { term: { phrase: $p, column: "product", value: $v } }) { learned { phrase } } }`, {
      m: messageId,
      p: phrase,
      v: value,
      t: tenantWide,
    });
  const means = async (who: keyof typeof keys, phrase: string, value: string) => JSON.stringify((await ask(who, `amount for ${phrase}`)).interpretation?.query ?? null).includes(value);

  beforeAll(async () => {
    s = await startTestServer(target);
    const r = await fetch(`${s.base}/datasets/shop`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: SHOP });
    expect(r.status).toBe(201);
    keys.viewerA = (await s.app.services.keys.create({ tenantId: 'default', role: 'viewer' })).key;
    keys.viewerB = (await s.app.services.keys.create({ tenantId: 'default', role: 'viewer' })).key;
    keys.analyst = (await s.app.services.keys.create({ tenantId: 'default', role: 'analyst' })).key;
  }, 180_000);
  afterAll(async () => s?.close());

  it("a viewer's correction changes its own answers only", async () => {
    expect(await means('viewerA', 'blorp', 'GIZMO-7')).toBe(false);
    const m = (await ask('viewerA', 'amount for blorp')).messageId;
    const r = await teach('viewerA', m, 'blorp', 'GIZMO-7', false);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect(await means('viewerA', 'blorp', 'GIZMO-7')).toBe(true);
    // Another key of the same tenant: its answers are unchanged.
    expect(await means('viewerB', 'blorp', 'GIZMO-7')).toBe(false);
    expect(await means('analyst', 'blorp', 'GIZMO-7')).toBe(false);
    // Nor can it give feedback on the other key's answer: that message does not exist for it.
    expect((await teach('viewerB', m, 'blorp', 'WIDGET-2', false)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await means('viewerA', 'blorp', 'GIZMO-7')).toBe(true);
  }, 120_000);

  it('a viewer cannot teach the whole tenant; an analyst can', async () => {
    const mb = (await ask('viewerB', 'amount for flurb')).messageId;
    const refused = await teach('viewerB', mb, 'flurb', 'WIDGET-2', true);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await means('viewerB', 'flurb', 'WIDGET-2')).toBe(false);
    const ma = (await ask('analyst', 'amount for flurb')).messageId;
    const taught = await teach('analyst', ma, 'flurb', 'WIDGET-2', true);
    expect(taught.errors, JSON.stringify(taught.errors)).toBeUndefined();
    for (const who of ['viewerA', 'viewerB', 'analyst'] as const) expect(await means(who, 'flurb', 'WIDGET-2'), who).toBe(true);
  }, 120_000);
});
