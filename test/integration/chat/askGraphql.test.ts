import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTargets } from '../../support/targets.js';
import { ASK, ingestDemo, numbers, startChatServer, type ChatServer } from './support.js';

const CONVERSATION = `query($id: ID!) { conversation(id: $id) { id createdAt messages { id role question createdAt answer { text messageId interpretation { intent restatement } } } } }`;
const INSIGHT = `query($q: InsightQueryInput!) { insight(query: $q) { rows } }`;

describe.each(testTargets())('ask over GraphQL ($kind)', (target) => {
  let s: ChatServer;
  let drop: () => Promise<void>;
  let table: string;
  const sql = async (text: string) => s.app.services.warehouse.query<any>(text.replaceAll('$T', `warehouse."${table}"`));
  const ask = (q: string, vars: { d?: string; c?: string } = {}, key?: string) => s.gql(ASK, { q, ...vars }, key);

  beforeAll(async () => {
    const db = await target.fresh();
    drop = db.drop;
    s = await startChatServer(db.config);
    await ingestDemo(s.app, ['seattle_weather', 'stocks']);
    table = (await s.app.services.catalog.getCatalogDataset('seattle_weather')).tableName;
  });
  afterAll(async () => {
    await s?.close();
    await drop?.();
  });

  it('answers a question with the number hand-written SQL gives, a sentence and what it understood', async () => {
    const r = await ask('What was the total precipitation in 2014?');
    expect(r.errors).toBeUndefined();
    const a = r.data.ask;
    const [ref] = await sql(`SELECT sum(precipitation)::float8 AS v FROM $T WHERE date >= '2014-01-01' AND date < '2015-01-01'`);
    expect(a.clarification).toBeNull();
    expect(a.dataset).toBe('seattle_weather');
    expect(a.result.rows).toHaveLength(1);
    expect(numbers(a.result.rows[0])[0]).toBeCloseTo(ref.v, 6);
    expect(a.text).toContain('1,232.8');
    expect(a.interpretation.intent).toBe('aggregate');
    expect(a.interpretation.restatement).toMatch(/precipitation/);
    expect(a.interpretation.query).toMatchObject({ dataset: 'seattle_weather', measures: [{ column: 'precipitation', agg: 'SUM' }] });
    expect(a.confidence).toBeGreaterThan(0.5);
    expect(a.confidence).toBeLessThanOrEqual(1);
    expect(a.suggestions.length).toBeGreaterThanOrEqual(2);
    expect(a.suggestions.length).toBeLessThanOrEqual(4);
    expect(a.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.messageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives an interpretation the insight field accepts unchanged, with the same rows', async () => {
    const a = (await ask('average temp max by weather')).data.ask;
    expect(a.interpretation.intent).toBe('breakdown');
    const direct = await s.gql(INSIGHT, { q: a.interpretation.query });
    expect(direct.errors).toBeUndefined();
    expect(direct.data.insight.rows).toEqual(a.result.rows);
    const ref = await sql(`SELECT weather, avg(temp_max)::float8 AS v FROM $T GROUP BY weather ORDER BY v DESC`);
    expect(a.result.rows.map((r: any) => r.weather)).toEqual(ref.map((r: any) => r.weather));
    a.result.rows.forEach((row: any, i: number) => expect(numbers(row)[0]).toBeCloseTo(ref[i].v, 6));
    expect(a.chart.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
    expect(a.chart.mark).toBe('bar');
  });

  it('draws a line for a trend', async () => {
    const a = (await ask('average price of AAPL by month in 2009')).data.ask;
    expect(a.interpretation.intent).toBe('trend');
    expect(a.chart.mark.type).toBe('line');
    expect(a.result.rows).toHaveLength(12);
    const stocks = (await s.app.services.catalog.getCatalogDataset('stocks')).tableName;
    const ref = await s.app.services.warehouse.query<any>(
      `SELECT avg(price)::float8 AS v FROM warehouse."${stocks}" WHERE symbol = 'AAPL' AND date >= '2009-01-01' AND date < '2010-01-01' GROUP BY date_trunc('month', date) ORDER BY date_trunc('month', date)`,
    );
    a.result.rows.forEach((row: any, i: number) => expect(numbers(row).at(-1)).toBeCloseTo(ref[i].v, 6));
  });

  it('follows up in a conversation and keeps its messages in order', async () => {
    const first = (await ask('total precipitation in 2014')).data.ask;
    const second = (await ask('and in 2013?', { c: first.conversationId })).data.ask;
    expect(second.conversationId).toBe(first.conversationId);
    const [ref] = await sql(`SELECT sum(precipitation)::float8 AS v FROM $T WHERE date >= '2013-01-01' AND date < '2014-01-01'`);
    expect(numbers(second.result.rows[0])[0]).toBeCloseTo(ref.v, 6);
    const third = (await ask('break that down by weather', { c: first.conversationId })).data.ask;
    expect(third.interpretation.intent).toBe('breakdown');
    const byWeather = await sql(`SELECT weather, sum(precipitation)::float8 AS v FROM $T WHERE date >= '2013-01-01' AND date < '2014-01-01' GROUP BY weather`);
    expect(third.result.rows).toHaveLength(byWeather.length);
    for (const row of third.result.rows) expect(numbers(row)[0]).toBeCloseTo(byWeather.find((x: any) => x.weather === row.weather).v, 6);

    const c = await s.gql(CONVERSATION, { id: first.conversationId });
    expect(c.errors).toBeUndefined();
    const msgs = c.data.conversation.messages;
    expect(msgs.map((m: any) => m.role)).toEqual(['USER', 'ASSISTANT', 'USER', 'ASSISTANT', 'USER', 'ASSISTANT']);
    expect(msgs.map((m: any) => m.question)).toEqual(['total precipitation in 2014', 'total precipitation in 2014', 'and in 2013?', 'and in 2013?', 'break that down by weather', 'break that down by weather']);
    expect(msgs[3].answer.messageId).toBe(second.messageId);
    expect(msgs[3].answer.text).toBe(second.text);
    expect(msgs[0].answer).toBeNull();
  });

  it('keeps every turn when several questions arrive at once in one conversation', async () => {
    const first = (await ask('total precipitation in 2014')).data.ask;
    const years = [2012, 2013, 2015, 2012, 2013];
    const all = await Promise.all(years.map((y) => ask(`and in ${y}?`, { c: first.conversationId })));
    for (const r of all) expect(r.errors).toBeUndefined();
    const c = await s.gql(CONVERSATION, { id: first.conversationId });
    const msgs = c.data.conversation.messages;
    expect(msgs).toHaveLength(2 + 2 * years.length);
    // Each question is directly followed by its own answer.
    for (let i = 0; i < msgs.length; i += 2) {
      expect([msgs[i].role, msgs[i + 1].role]).toEqual(['USER', 'ASSISTANT']);
      expect(msgs[i + 1].question).toBe(msgs[i].question);
    }
    expect(new Set(msgs.filter((m: any) => m.answer).map((m: any) => m.answer.messageId)).size).toBe(1 + years.length);
  });

  it('keeps a conversation to the client that started it, and reveals nothing to others', async () => {
    const mine = (await ask('total precipitation in 2015', {}, 'alice')).data.ask;
    expect((await s.gql(CONVERSATION, { id: mine.conversationId }, 'alice')).data.conversation.messages).toHaveLength(2);
    const missing = '00000000-0000-4000-8000-000000000000';
    const others = [
      await s.gql(CONVERSATION, { id: mine.conversationId }, 'bob'),
      await s.gql(CONVERSATION, { id: mine.conversationId }),
      await ask('and in 2014?', { c: mine.conversationId }, 'bob'),
    ];
    const absent = [await s.gql(CONVERSATION, { id: missing }, 'bob'), await ask('and in 2014?', { c: missing }), await ask('and in 2014?', { c: 'not-a-uuid' })];
    for (const r of [...others, ...absent]) {
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(r.data).toBeNull();
    }
    // Someone else's conversation reads exactly like a missing one.
    expect(others[0].errors[0].message.replace(mine.conversationId, 'X')).toBe(absent[0].errors[0].message.replace(missing, 'X'));
    // The owner still continues it.
    const next = (await ask('and in 2014?', { c: mine.conversationId }, 'alice')).data.ask;
    expect(next.conversationId).toBe(mine.conversationId);
  });

  it('asks once: the reply to a question about an unknown word answers it and is remembered for that client only', async () => {
    const asked = (await ask('average blustery by weather', { d: 'seattle_weather' }, 'carol')).data.ask;
    // An adjective: which end of which column it names.
    expect(asked.clarification).toMatchObject({ unknownTerms: ['blustery'] });
    expect(asked.clarification.options.every((o: string) => /^(highest|lowest) /.test(o))).toBe(true);
    // Typed, not picked: wind is not among the first columns offered.
    const replied = (await ask('highest wind', { c: asked.conversationId }, 'carol')).data.ask;
    const ref = await sql(`SELECT weather, avg(wind)::float8 AS v FROM $T GROUP BY weather`);
    expect(replied.clarification).toBeNull();
    expect(replied.interpretation.query).toMatchObject({ measures: [{ column: 'wind', agg: 'AVG' }], dimensions: ['weather'] });
    for (const row of replied.result.rows) expect(numbers(row)[0]).toBeCloseTo(ref.find((x: any) => x.weather === row.weather).v, 6);
    expect(replied.interpretation.notes).toContain("learned: 'blustery' means highest wind in seattle_weather");
    // Next time, in a new conversation, the word is known: no question back.
    const again = (await ask('average blustery by weather', { d: 'seattle_weather' }, 'carol')).data.ask;
    expect(again.clarification).toBeNull();
    expect(again.result.rows).toEqual(replied.result.rows);
    expect(again.interpretation.notes.join(' ')).toMatch(/blustery/);
    // Learned like feedback: for the client who answered, not for others.
    const other = (await ask('average blustery by weather', { d: 'seattle_weather' }, 'dave')).data.ask;
    expect(other.clarification).toMatchObject({ unknownTerms: ['blustery'] });
  });

  describe('bad input gets a clarification or a clear error, never a crash or an unsafe query', () => {
    const clarified = async (q: string, d?: string) => {
      const r = await ask(q, d ? { d } : {});
      expect(r.errors, q.slice(0, 40)).toBeUndefined();
      const a = r.data.ask;
      expect(a.clarification, q.slice(0, 40)).not.toBeNull();
      expect(a.result).toBeNull();
      expect(a.clarification.message.length).toBeGreaterThan(10);
      return a;
    };

    it('empty and blank questions', async () => {
      for (const q of ['', '   ', '?!']) expect((await clarified(q)).text).toMatch(/ask|question|words/i);
    });

    it('a 10,000-character question', async () => {
      const a = await clarified('total precipitation in 2014 '.repeat(400).slice(0, 10_000));
      expect(a.clarification.message).toMatch(/too long/);
      const stored = await s.app.services.warehouse.query<{ n: number }>(`SELECT max(length(question))::int AS n FROM chat.messages`);
      expect(stored[0]!.n).toBeLessThanOrEqual(2_001);
    });

    it('non-English text and emoji', async () => {
      for (const q of ['¿Cuál fue la precipitación total en 2014?', '2014年の降水量の合計は?', 'Какая была средняя температура?', '🌧️🌧️☔', '📈📉']) {
        await clarified(q);
      }
    });

    it('SQL and GraphQL pasted as the question run nothing', async () => {
      const before = await s.app.services.warehouse.query<{ n: number }>(`SELECT count(*)::int AS n FROM catalog.datasets`);
      for (const q of ["'; drop table datasets; --", 'SELECT * FROM catalog.datasets', 'DROP TABLE warehouse.x', 'query { datasets { name } }', 'mutation { dropDataset(name: "stocks") }', "total precipitation where weather = 'rain'; DELETE FROM catalog.datasets"]) {
        const a = await clarified(q);
        expect(a.interpretation).toBeNull();
      }
      const after = await s.app.services.warehouse.query<{ n: number }>(`SELECT count(*)::int AS n FROM catalog.datasets`);
      expect(after[0]!.n).toBe(before[0]!.n);
      expect((await sql(`SELECT count(*)::int AS n FROM $T`))[0].n).toBe(1461);
    });

    it('a dataset that does not exist, with the closest names offered', async () => {
      const a = await clarified('total precipitation in 2014', 'seattle_wether');
      expect(a.clarification.options).toContain('seattle_weather');
      expect(a.clarification.unknownTerms).toEqual(['seattle_wether']);
      await clarified('average price', 'x'.repeat(5_000));
    });

    it('a measure the dataset does not have', async () => {
      const a = await clarified('total snowfall in 2014', 'seattle_weather');
      expect(a.clarification.unknownTerms).toContain('snowfall');
      expect(a.clarification.options).toContain('precipitation');
    });

    it('a model question is answered by the models service: the history, then the forecast with its band', async () => {
      const r = await ask('forecast the price of MSFT for the next 6 months');
      expect(r.errors).toBeUndefined();
      const a = r.data.ask;
      expect(a.interpretation.intent).toBe('forecast');
      expect(a.clarification).toBeNull();
      const rows = a.result.rows;
      const future = rows.filter((x: any) => x.forecast != null);
      expect(future).toHaveLength(6);
      const stocks = (await s.app.services.catalog.getCatalogDataset('stocks')).tableName;
      const [last] = await s.app.services.warehouse.query<any>(`SELECT max(date)::text AS d, count(DISTINCT date_trunc('month', date))::int AS n FROM warehouse."${stocks}" WHERE symbol = 'MSFT'`);
      expect(rows.length - future.length).toBe(last.n);
      expect(future[0].month > last.d.slice(0, 10)).toBe(true);
      for (const p of future) expect(p.lo95 <= p.forecast && p.forecast <= p.hi95).toBe(true);
      expect(a.text).toMatch(/forecast/);
      expect(a.chart.layer).toHaveLength(3);
    });

    it('a "why" question about an average is answered with the comparison', async () => {
      const a = (await ask('why did the average wind rise in 2015?', { d: 'seattle_weather' })).data.ask;
      expect(a.interpretation.intent).toBe('explain_change');
      const [ref] = await sql(`SELECT (SELECT avg(wind) FROM $T WHERE date >= '2015-01-01' AND date < '2016-01-01')::float8 AS cur, (SELECT avg(wind) FROM $T WHERE date >= '2014-01-01' AND date < '2015-01-01')::float8 AS prev`);
      expect(numbers(a.result.rows[0]).slice(0, 2).map((x) => +x.toFixed(9))).toEqual([+ref.cur.toFixed(9), +ref.prev.toFixed(9)]);
      expect(a.interpretation.notes.join(' ')).toMatch(/comparison/);
    });

    it('a question argument that is not a string is a GraphQL error, not a crash', async () => {
      const r = await s.gql(ASK, { q: 42 });
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const long = await ask('total precipitation', {}, 'k'.repeat(500));
      expect(long.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    });
  });
});
