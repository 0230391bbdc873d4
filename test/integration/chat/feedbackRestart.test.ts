import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/config.js';
import { testTargets } from '../../support/targets.js';
import { ASK, ingestDemo, numbers, startChatServer, type ChatServer } from './support.js';

const FEEDBACK = `mutation($m: ID!, $h: Boolean!, $c: FeedbackCorrectionInput) {
  answerFeedback(messageId: $m, helpful: $h, correction: $c) { messageId helpful trainingExampleAdded learned { dataset phrase column agg value } }
}`;
const CONVERSATION = `query($id: ID!) { conversation(id: $id) { messages { role question } } }`;

describe.each(testTargets())('feedback is learned and survives a restart ($kind)', (target) => {
  let config: Config;
  let drop: () => Promise<void>;
  let dir: string | null = null;
  let s: ChatServer | null = null;
  let table: string;
  const sql = async (text: string) => s!.app.services.warehouse.query<any>(text.replaceAll('$T', `warehouse."${table}"`));
  const ask = async (q: string, c?: string, key = 'carol') => {
    const r = await s!.gql(ASK, { q, ...(c ? { c } : {}) }, key);
    expect(r.errors, q).toBeUndefined();
    return r.data.ask;
  };
  const feedback = async (m: string, c: unknown, key = 'carol') => s!.gql(FEEDBACK, { m, h: false, c }, key);

  beforeAll(async () => {
    const db = await target.fresh();
    drop = db.drop;
    config = db.config;
    // On the embedded database a restart needs files on disk, not memory://.
    if (target.kind === 'embedded') {
      dir = mkdtempSync(join(tmpdir(), 'iq-chat-'));
      config = { ...config, dataDir: dir };
    }
    s = await startChatServer(config);
    await ingestDemo(s.app, ['seattle_weather']);
    table = (await s.app.services.catalog.getCatalogDataset('seattle_weather')).tableName;
  });
  afterAll(async () => {
    await s?.close();
    await drop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let conversationId: string;
  let trainedAt: string;

  it('before feedback, unknown words get a clarification', async () => {
    for (const q of ['total soaking in 2014', 'how many soggy days in 2014', 'balmiest day in 2015']) {
      const a = await ask(q);
      expect(a.clarification, q).not.toBeNull();
      expect(a.clarification.unknownTerms.length, q).toBeGreaterThan(0);
    }
  });

  it('learns a corrected query and term mappings', async () => {
    const a = await ask('total soaking in 2014');
    const corrected = { dataset: 'seattle_weather', measures: [{ column: 'precipitation', agg: 'SUM' }], time: { range: { from: '2014-01-01', to: '2015-01-01' } } };
    const r = await feedback(a.messageId, { query: corrected });
    expect(r.errors).toBeUndefined();
    expect(r.data.answerFeedback.trainingExampleAdded).toBe(true);
    expect(r.data.answerFeedback.learned).toEqual([{ dataset: 'seattle_weather', phrase: 'soaking', column: 'precipitation', agg: 'SUM', value: null }]);

    const b = await ask('how many soggy days in 2014');
    const t = await feedback(b.messageId, { term: { phrase: 'soggy', column: 'weather', value: 'rain' } });
    expect(t.data.answerFeedback.learned).toEqual([{ dataset: 'seattle_weather', phrase: 'soggy', column: 'weather', agg: null, value: 'rain' }]);
    const c = await ask('balmiest day in 2015');
    const u = await feedback(c.messageId, { term: { phrase: 'Balmiest', column: 'temp_max', agg: 'MAX' } });
    expect(u.data.answerFeedback.learned[0]).toMatchObject({ phrase: 'balmiest', column: 'temp_max', agg: 'MAX' });
  });

  it('rejects bad feedback clearly and learns nothing from it', async () => {
    const a = await ask('total precipitation in 2012');
    const cases: [unknown, string][] = [
      [{ term: { phrase: 'wetness', column: 'rainfall' } }, 'UNKNOWN_COLUMN'],
      [{ term: { phrase: 'wetness', column: 'weather', agg: 'SUM' } }, 'TYPE_MISMATCH'],
      [{ term: { phrase: '   ', column: 'weather' } }, 'BAD_INPUT'],
      [{ query: { dataset: 'seattle_weather', measures: [{ column: 'rainfall', agg: 'SUM' }] } }, 'UNKNOWN_COLUMN'],
      [{ query: { dataset: 'nowhere', measures: [{ agg: 'COUNT' }] } }, 'DATASET_NOT_FOUND'],
    ];
    for (const [c, code] of cases) expect((await feedback(a.messageId, c)).errors?.[0]?.extensions?.code, JSON.stringify(c)).toBe(code);
    expect((await feedback('00000000-0000-4000-8000-000000000000', null)).errors[0].extensions.code).toBe('NOT_FOUND');
    // Someone else's answer is not theirs to correct.
    expect((await feedback(a.messageId, null, 'mallory')).errors[0].extensions.code).toBe('NOT_FOUND');
    const [n] = await s!.app.services.warehouse.query<{ n: number }>(`SELECT count(*)::int AS n FROM chat.learned_synonyms`);
    expect(n!.n).toBe(3);
  });

  it('the same and similar questions are answered as corrected, before the restart', async () => {
    const a = await ask('total soaking in 2014');
    conversationId = a.conversationId;
    const [ref] = await sql(`SELECT sum(precipitation)::float8 AS v FROM $T WHERE date >= '2014-01-01' AND date < '2015-01-01'`);
    expect(numbers(a.result.rows[0])[0]).toBeCloseTo(ref.v, 6);
    const [m] = await s!.app.services.warehouse.query<{ t: string }>(`SELECT trained_at::text AS t FROM chat.intent_models`);
    trainedAt = m!.t;
  });

  it('after a restart on the same database: the corrections still apply, the conversation is there, the model is not retrained', async () => {
    await s!.close();
    s = await startChatServer(config);

    const same = await ask('Total soaking in 2014?');
    const [y14] = await sql(`SELECT sum(precipitation)::float8 AS v FROM $T WHERE date >= '2014-01-01' AND date < '2015-01-01'`);
    expect(same.clarification).toBeNull();
    expect(numbers(same.result.rows[0])[0]).toBeCloseTo(y14.v, 6);

    const similar = await ask('total soaking in 2013');
    const [y13] = await sql(`SELECT sum(precipitation)::float8 AS v FROM $T WHERE date >= '2013-01-01' AND date < '2014-01-01'`);
    expect(similar.interpretation.query.measures).toEqual([{ column: 'precipitation', agg: 'SUM' }]);
    expect(numbers(similar.result.rows[0])[0]).toBeCloseTo(y13.v, 6);

    const soggy = await ask('how many soggy days in 2012');
    const [rain12] = await sql(`SELECT count(*)::int AS n FROM $T WHERE weather = 'rain' AND date >= '2012-01-01' AND date < '2013-01-01'`);
    expect(numbers(soggy.result.rows[0])[0]).toBe(rain12.n);

    const balmy = await ask('balmiest day in 2013');
    const [max13] = await sql(`SELECT max(temp_max)::float8 AS v FROM $T WHERE date >= '2013-01-01' AND date < '2014-01-01'`);
    expect(numbers(balmy.result.rows[0])[0]).toBeCloseTo(max13.v, 6);

    const conv = await s!.gql(CONVERSATION, { id: conversationId }, 'carol');
    expect(conv.data.conversation.messages.map((m: any) => m.question)).toEqual(['total soaking in 2014', 'total soaking in 2014']);
    const next = await ask('and in 2012?', conversationId);
    const [y12] = await sql(`SELECT sum(precipitation)::float8 AS v FROM $T WHERE date >= '2012-01-01' AND date < '2013-01-01'`);
    expect(next.conversationId).toBe(conversationId);
    expect(numbers(next.result.rows[0])[0]).toBeCloseTo(y12.v, 6);

    const models = await s!.app.services.warehouse.query<{ t: string }>(`SELECT trained_at::text AS t FROM chat.intent_models`);
    expect(models.map((m) => m.t)).toEqual([trainedAt]);
  });
});
