import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/auth/principal.js';
import { runAs } from '../../../src/auth/requestScope.js';
import { vegaDataDir } from '../../../src/demo/demoLoader.js';
import { RecommendService } from '../../../src/recommend/recommendService.js';
import type { SqlRunner } from '../../../src/warehouse/sqlRunner.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';

const acme: Principal = { kind: 'key', tenantId: 'acme', role: 'admin', keyId: null, rowFilters: [], datasets: null, clientKey: null };
const Q1 = 'average price by symbol';
const Q2 = 'price by year';
const Q3 = 'maximum price by symbol';

/**
 * Under load every question adds a turn, so the model behind an answer's "asked next" suggestions
 * is always stale. Each question that found it stale used to rebuild its own (read up to 20,000
 * turns, build a model): dozens at once, and no request completed for seconds. Now answers use the
 * model they have and one refresh runs in the background.
 */
describe.each(testTargets())("an answer's asked-next model under load ($kind)", (target) => {
  let s: TestServer;
  /** Reads of a dataset's sessions (the expensive part of a rebuild), counted on the real database. */
  let sessionReads = 0;
  let rec: RecommendService;
  const converse = async (client: string, questions: string[]) => {
    let conversationId: string | null = null;
    for (const question of questions) conversationId = (await runAs(acme, () => s.app.services.ask.ask({ question, dataset: 'stocks', conversationId, clientKey: client }))).conversationId;
  };
  const askedNext = (q: string) => runAs(acme, () => rec.askedNext('stocks', q));

  beforeAll(async () => {
    s = await startTestServer(target);
    const { warehouse, catalog, log } = s.app.services;
    const counting: SqlRunner = {
      query(text, values) {
        if (text.includes('u.conversation_id::text AS c')) sessionReads++;
        return warehouse.query(text, values);
      },
    };
    // Every answer finds the model stale (askStaleMs 0): the most a refresh can be asked for.
    rec = new RecommendService(counting, catalog, async () => ({ insights: [] }) as never, log, { askStaleMs: 0 });
    await runAs(acme, () => s.app.services.ingest.ingest({ name: 'stocks', input: { kind: 'file', path: join(vegaDataDir(), 'stocks.csv') } }));
    await converse('u1', [Q1, Q2]);
  }, 300_000);
  afterAll(() => s?.close());

  it('concurrent answers with a stale model start one rebuild, and answers never wait for it', async () => {
    expect(await askedNext(Q1)).toEqual([Q2]); // the first model is built on the spot
    expect(sessionReads).toBe(1);
    await converse('u2', [Q1, Q3]);
    await converse('u3', [Q1, Q3]);

    // Twenty answers at once: each gets the model as it was, and one refresh starts.
    const answers = await Promise.all(Array.from({ length: 20 }, () => askedNext(Q1)));
    expect(answers.every((a) => a.length === 1 && a[0] === Q2)).toBe(true);
    // The refresh lands in the background; later answers see the new turns.
    let latest = answers[0]!;
    for (let i = 0; i < 600 && latest[0] !== Q3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      latest = await askedNext(Q1);
    }
    expect(latest).toEqual([Q3, Q2]);
    // One rebuild for all of them; the refreshes that followed found nothing new and read no session.
    expect(sessionReads).toBe(2);
  }, 300_000);

  it('past its hard age limit a model is rebuilt on the answer path, not served', async () => {
    // A refresh that never lands is what the limit is for; a limit of 1 ms stands in for it here.
    const { warehouse, catalog, log } = s.app.services;
    const strict = new RecommendService(warehouse, catalog, async () => ({ insights: [] }) as never, log, { askStaleMs: 0, askMaxStaleMs: 1 });
    const ask = (q: string) => runAs(acme, () => strict.askedNext('stocks', q, 10));
    const first = await ask(Q1);
    const Q4 = 'minimum price by symbol';
    for (const u of ['u6', 'u7', 'u8']) await converse(u, [Q1, Q4]);
    await new Promise((r) => setTimeout(r, 5));
    // No polling: the very next answer already reads the new turns.
    const next = await ask(Q1);
    expect(first).not.toContain(Q4);
    expect(next).toContain(Q4);
  }, 300_000);
});
