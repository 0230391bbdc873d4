import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';

// Shares of a total through the real `insight` field and `ask`, on the embedded database and
// (INSIGHTQL_TEST_PG) on Postgres, against hand-written SQL on the same table: each group's percent
// of every group's total, and a focus that keeps only the groups asked about after the shares.

const INSIGHT = `query($q: InsightQueryInput!) { insight(query: $q) { columns { name type role } rows description } }`;
const ASK = `query($q: String!, $d: String) { ask(question: $q, dataset: $d) { text confidence interpretation { query } result { rows } clarification { message } } }`;

const SOURCES = ['Fossil Fuels', 'Renewables', 'Nuclear Energy'];
const rows = Array.from({ length: 3 * 17 }, (_, i) => ({ year: 2001 + Math.floor(i / 3), source: SOURCES[i % 3]!, net_generation: 1000 + ((i * 7919) % 5000) }));

describe.each(testTargets())('shares of a total ($kind)', (target) => {
  let s: TestServer;
  let dir: string;
  let table = '';
  const sql = async (text: string) => s.app.services.warehouse.query<any>(text.replaceAll('$T', `warehouse."${table}"`));

  beforeAll(async () => {
    s = await startTestServer(target);
    dir = mkdtempSync(join(tmpdir(), 'iq-share-'));
    writeFileSync(join(dir, 'power.csv'), `year,source,net_generation\n${rows.map((r) => `${r.year}-01-01,${r.source},${r.net_generation}`).join('\n')}\n`);
    await s.app.services.ingest.ingest({ name: 'power', input: { kind: 'file', path: join(dir, 'power.csv') } });
    table = (await s.app.services.catalog.getCatalogDataset('power')).tableName;
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('each group carries its percent of all groups, also past the limit', async () => {
    const r = await s.gql(INSIGHT, { q: { dataset: 'power', measures: [{ column: 'net_generation', agg: 'SUM' }], dimensions: ['source'], share: true, orderBy: [{ field: 'sum_net_generation', direction: 'DESC' }], limit: 2 } });
    expect(r.errors).toBeUndefined();
    const out = r.data.insight;
    expect(out.columns.map((c: any) => c.name)).toEqual(['source', 'sum_net_generation', 'sum_net_generation_pct']);
    const ref = await sql(`SELECT source, 100.0 * sum(net_generation) / (SELECT sum(net_generation) FROM $T) AS pct FROM $T GROUP BY source ORDER BY sum(net_generation) DESC LIMIT 2`);
    expect(out.rows.map((x: any) => [x.source, x.sum_net_generation_pct.toFixed(9)])).toEqual(ref.map((x: any) => [x.source, Number(x.pct).toFixed(9)]));
    expect(out.description).toContain('share of the total');
  });

  it('a focus keeps only the groups asked about, their shares still of the whole', async () => {
    const r = await s.gql(INSIGHT, { q: { dataset: 'power', measures: [{ column: 'net_generation', agg: 'SUM' }], dimensions: ['source'], share: true, focus: { column: 'source', values: ['Renewables'] }, time: { range: { from: '2010-01-01', to: '2011-01-01' } } } });
    expect(r.errors).toBeUndefined();
    const ref = await sql(`SELECT 100.0 * sum(net_generation) FILTER (WHERE source = 'Renewables') / sum(net_generation) AS pct FROM $T WHERE year >= '2010-01-01' AND year < '2011-01-01'`);
    expect(r.data.insight.rows).toHaveLength(1);
    expect(r.data.insight.rows[0].source).toBe('Renewables');
    expect(r.data.insight.rows[0].sum_net_generation_pct).toBeCloseTo(Number(ref[0].pct), 9);
  });

  it('a focus without share, or on a column the query does not group by, is a typed error naming the part', async () => {
    const a = await s.gql(INSIGHT, { q: { dataset: 'power', measures: [{ column: 'net_generation', agg: 'SUM' }], dimensions: ['source'], focus: { column: 'source', values: ['Renewables'] } } });
    expect(a.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    expect(a.errors?.[0]?.message).toContain("'focus'");
    const b = await s.gql(INSIGHT, { q: { dataset: 'power', measures: [{ column: 'net_generation', agg: 'SUM' }], dimensions: ['source'], share: true, focus: { column: 'year', values: [2010] } } });
    expect(b.errors?.[0]?.extensions?.code).toBe('UNKNOWN_COLUMN');
    expect(b.errors?.[0]?.message).toContain("focus column 'year'");
    const c = await s.gql(INSIGHT, { q: { dataset: 'power', dimensions: ['source'], share: true } });
    expect(c.errors?.[0]?.message).toContain("'share' needs at least one measure");
  });

  it('"what percentage of net generation came from renewables in 2010" answers that one share', async () => {
    const r = await s.gql(ASK, { q: 'what percentage of net generation came from renewables in 2010?', d: 'power' });
    expect(r.errors).toBeUndefined();
    const ref = await sql(`SELECT 100.0 * sum(net_generation) FILTER (WHERE source = 'Renewables') / sum(net_generation) AS pct FROM $T WHERE year >= '2010-01-01' AND year < '2011-01-01'`);
    expect(r.data.ask.result.rows).toHaveLength(1);
    expect(r.data.ask.result.rows[0].sum_net_generation_pct).toBeCloseTo(Number(ref[0].pct), 6);
    expect(r.data.ask.text).toContain('Renewables');
  });
});
