import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTargets } from '../../support/targets.js';
import { loadFixtures, startFaceServer, type FaceServer } from './support.js';

const SAVE = `mutation($input: SaveQuestionInput!) { saveQuestion(input: $input) { id title question dataset intent query createdAt } }`;
const LIST = `{ savedQuestions { id title dataset } }`;
const RUN = `query($id: ID!) { savedQuestion(id: $id) { id title run { text dataset chart confidence lowConfidence result { columns { name } rows totalRows } } } }`;
const ASK = `query($q: String!) { ask(question: $q, dataset: "shop") { messageId text chart confidence lowConfidence clarification { message } result { rows } } }`;

describe.each(testTargets())('saved questions ($kind)', (target) => {
  let s: FaceServer;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await target.fresh();
    drop = db.drop;
    s = await startFaceServer(db.config);
    await loadFixtures(s.app);
  }, 180_000);
  afterAll(async () => {
    await s?.close();
    await drop?.();
  });

  it('pins an answer, lists it, re-runs it on view with its chart, and deletes it', async () => {
    const a = (await s.gql(ASK, { q: 'total amount by product' }, { client: 'c1' })).data.ask;
    expect(a.chart).not.toBeNull();
    const saved = await s.gql(SAVE, { input: { messageId: a.messageId } }, { client: 'c1' });
    expect(saved.errors).toBeUndefined();
    const q = saved.data.saveQuestion;
    expect(q).toMatchObject({ dataset: 'shop', question: 'total amount by product' });
    expect(q.title.length).toBeGreaterThan(3);
    expect(q.query).toMatchObject({ dataset: 'shop', dimensions: ['product'] });

    expect((await s.gql(LIST)).data.savedQuestions.map((x: any) => x.id)).toContain(q.id);

    // New rows arrive; viewing re-runs the question, so the board shows them.
    await s.app.services.warehouse.query(`INSERT INTO warehouse."${(await s.app.services.catalog.getCatalogDataset('shop')).tableName}" (day, region, product, amount, note) VALUES ('2024-02-01', 'EU', 'kiwi', 5, 'x')`);
    const run = (await s.gql(RUN, { id: q.id })).data.savedQuestion.run;
    expect(run.dataset).toBe('shop');
    expect(run.chart.data.values).toEqual(run.result.rows);
    expect(run.result.rows.map((r: any) => r.product)).toContain('kiwi');
    expect(run.text.length).toBeGreaterThan(5);
    // The pinned answer says as plainly as the original whether it was a tentative reading.
    expect(typeof a.lowConfidence).toBe('boolean');
    expect(run.lowConfidence).toBe(a.lowConfidence);

    expect((await s.gql(`mutation($id: ID!) { deleteSavedQuestion(id: $id) }`, { id: q.id })).data.deleteSavedQuestion).toBe(true);
    expect((await s.gql(`mutation($id: ID!) { deleteSavedQuestion(id: $id) }`, { id: q.id })).data.deleteSavedQuestion).toBe(false);
    expect((await s.gql(RUN, { id: q.id })).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('takes a custom title and refuses clarifications, other clients’ answers and unknown ids', async () => {
    const a = (await s.gql(ASK, { q: 'average amount by region' }, { client: 'c1' })).data.ask;
    const titled = await s.gql(SAVE, { input: { messageId: a.messageId, title: '  Regional average  ' } }, { client: 'c1' });
    expect(titled.data.saveQuestion.title).toBe('Regional average');

    const other = await s.gql(SAVE, { input: { messageId: a.messageId } }, { client: 'c2' });
    expect(other.errors[0].extensions.code).toBe('NOT_FOUND');

    const c = (await s.gql(ASK, { q: 'blorp zibble frumious' }, { client: 'c1' })).data.ask;
    expect(c.clarification).not.toBeNull();
    const r = await s.gql(SAVE, { input: { messageId: c.messageId } }, { client: 'c1' });
    expect(r.errors[0].extensions.code).toBe('BAD_INPUT');

    expect((await s.gql(SAVE, { input: { messageId: 'nope' } })).errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await s.gql(RUN, { id: 'nope' })).errors[0].extensions.code).toBe('NOT_FOUND');
    const long = await s.gql(SAVE, { input: { messageId: a.messageId, title: 'x'.repeat(201) } }, { client: 'c1' });
    expect(long.errors[0].extensions.details.field).toBe('title');
  });

  it('belongs to its tenant: another tenant sees none of it', async () => {
    const mine = (await s.gql(LIST)).data.savedQuestions;
    expect(mine.length).toBeGreaterThan(0);
    const { runAs } = await import('../../../src/auth/requestScope.js');
    const other = { kind: 'key' as const, tenantId: 'other-tenant', role: 'admin' as const, keyId: null, rowFilters: [], datasets: null, clientKey: null };
    const seen = await runAs(other, () => s.app.services.saved.list(other));
    expect(seen).toEqual([]);
    await expect(runAs(other, () => s.app.services.saved.get(other, mine[0].id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await runAs(other, () => s.app.services.saved.delete(other, mine[0].id))).toBe(false);
  });
});
