import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { vegaDataDir } from '../../../src/demo/demoLoader.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';

const INSIGHT = `query($q: InsightQueryInput!) { insight(query: $q) { columns { name label type role } rows totalRows truncated sql params description timingMs } }`;

describe.each(testTargets())('insight over GraphQL ($kind)', (target) => {
  let s: TestServer;
  let table: string;
  /** The reference answer: hand-written SQL straight to the database. */
  const sql = async (text: string, values: unknown[] = []) => s.app.services.warehouse.query<any>(text.replaceAll('$T', `warehouse."${table}"`), values);

  beforeAll(async () => {
    s = await startTestServer(target);
    const data = vegaDataDir();
    await s.app.services.ingest.ingest({ name: 'seattle_weather', input: { kind: 'file', path: join(data, 'seattle-weather.csv') } });
    await s.app.services.ingest.ingest({ name: 'stocks', input: { kind: 'file', path: join(data, 'stocks.csv') } });
    table = (await s.app.services.catalog.getCatalogDataset('seattle_weather')).tableName;
  });
  afterAll(() => s?.close());

  const insight = (q: unknown) => s.gql(INSIGHT, { q });

  it('sums a measure over an absolute year', async () => {
    const r = await insight({ dataset: 'seattle_weather', measures: [{ column: 'precipitation', agg: 'SUM' }], time: { range: { from: '2014-01-01', to: '2015-01-01' } } });
    expect(r.errors).toBeUndefined();
    const [ref] = await sql(`SELECT sum(precipitation)::float8 AS v FROM $T WHERE date >= '2014-01-01' AND date < '2015-01-01'`);
    expect(r.data.insight.rows).toHaveLength(1);
    expect(Object.values(r.data.insight.rows[0])[0]).toBeCloseTo(ref.v, 6);
    expect(r.data.insight.sql).toContain('$');
    expect(r.data.insight.sql).not.toContain('2014-01-01');
  });

  it('groups by a dimension, orders and limits', async () => {
    const r = await insight({
      dataset: 'seattle_weather',
      measures: [{ column: 'temp_max', agg: 'AVG', as: 'avg_high' }, { agg: 'COUNT' }],
      dimensions: ['weather'],
      orderBy: [{ field: 'avg_high', direction: 'DESC' }],
      limit: 3,
    });
    expect(r.errors).toBeUndefined();
    const ref = await sql(`SELECT weather, avg(temp_max)::float8 AS v, count(*)::int AS n FROM $T GROUP BY weather ORDER BY v DESC`);
    const rows = r.data.insight.rows;
    expect(rows).toHaveLength(3);
    expect(r.data.insight.totalRows).toBe(5);
    expect(r.data.insight.truncated).toBe(true);
    rows.forEach((row: any, i: number) => {
      expect(row.weather).toBe(ref[i].weather);
      expect(row.avg_high).toBeCloseTo(ref[i].v, 6);
      expect(Number(row.count)).toBe(ref[i].n);
    });
    expect(r.data.insight.columns.map((c: any) => c.role)).toEqual(['DIMENSION', 'MEASURE', 'MEASURE']);
  });

  it('buckets by month with a filter', async () => {
    const r = await insight({
      dataset: 'seattle_weather',
      measures: [{ column: 'precipitation', agg: 'SUM', as: 'rain' }],
      time: { grain: 'MONTH', range: { from: '2015-01-01', to: '2016-01-01' } },
      filter: { and: [{ column: 'weather', op: 'IN', values: ['rain', 'drizzle'] }, { column: 'precipitation', op: 'GT', value: 0 }] },
    });
    expect(r.errors).toBeUndefined();
    const ref = await sql(
      `SELECT to_char(date_trunc('month', date), 'YYYY-MM-DD') AS m, sum(precipitation)::float8 AS v FROM $T
       WHERE date >= '2015-01-01' AND date < '2016-01-01' AND weather IN ('rain','drizzle') AND precipitation > 0 GROUP BY 1 ORDER BY 1`,
    );
    const rows = r.data.insight.rows;
    expect(rows).toHaveLength(ref.length);
    const timeCol = r.data.insight.columns.find((c: any) => c.role === 'TIME').name;
    rows.forEach((row: any, i: number) => {
      expect(String(row[timeCol]).slice(0, 10)).toBe(ref[i].m);
      expect(row.rain).toBeCloseTo(ref[i].v, 6);
    });
  });

  it('resolves a relative range against the dataset latest date and compares with the previous period', async () => {
    const r = await insight({
      dataset: 'seattle_weather',
      measures: [{ column: 'precipitation', agg: 'SUM', as: 'p' }],
      time: { range: { last: { count: 1, unit: 'YEAR' } } },
      compare: { to: 'PREVIOUS_PERIOD' },
    });
    expect(r.errors).toBeUndefined();
    const [cur] = await sql(`SELECT sum(precipitation)::float8 AS v FROM $T WHERE date >= '2015-01-01' AND date < '2016-01-01'`);
    const [prev] = await sql(`SELECT sum(precipitation)::float8 AS v FROM $T WHERE date >= '2014-01-01' AND date < '2015-01-01'`);
    const row = r.data.insight.rows[0];
    expect(row.p).toBeCloseTo(cur.v, 6);
    expect(row.p_previous).toBeCloseTo(prev.v, 6);
    expect(row.p_delta).toBeCloseTo(cur.v - prev.v, 6);
    expect(row.p_pct_change).toBeCloseTo(((cur.v - prev.v) / prev.v) * 100, 4);
  });

  it('computes median and p90', async () => {
    const r = await insight({ dataset: 'stocks', measures: [{ column: 'price', agg: 'MEDIAN', as: 'med' }, { column: 'price', agg: 'PERCENTILE', percentile: 0.9, as: 'p90' }], dimensions: ['symbol'], orderBy: [{ field: 'symbol' }] });
    expect(r.errors).toBeUndefined();
    const t = (await s.app.services.catalog.getCatalogDataset('stocks')).tableName;
    const ref = await s.app.services.warehouse.query<any>(
      `SELECT symbol, percentile_cont(0.5) WITHIN GROUP (ORDER BY price)::float8 AS med, percentile_cont(0.9) WITHIN GROUP (ORDER BY price)::float8 AS p90 FROM warehouse."${t}" GROUP BY 1 ORDER BY 1`,
    );
    expect(r.data.insight.rows).toHaveLength(5);
    r.data.insight.rows.forEach((row: any, i: number) => {
      expect(row.symbol).toBe(ref[i].symbol);
      expect(row.med).toBeCloseTo(ref[i].med, 6);
      expect(row.p90).toBeCloseTo(ref[i].p90, 6);
    });
  });

  it('names an unknown column and suggests the nearest', async () => {
    const r = await insight({ dataset: 'seattle_weather', measures: [{ column: 'temprature_max', agg: 'AVG' }] });
    expect(r.errors[0].extensions.code).toBe('UNKNOWN_COLUMN');
    expect(r.errors[0].message).toMatch(/temprature_max/);
    expect(r.errors[0].message).toMatch(/did you mean 'temp_max'/);
  });

  it('names an unknown dataset', async () => {
    const r = await insight({ dataset: 'seatle_weather', measures: [{ agg: 'COUNT' }] });
    expect(r.errors[0].extensions.code).toBe('DATASET_NOT_FOUND');
    expect(r.errors[0].message).toMatch(/did you mean 'seattle_weather'/);
  });

  it('refuses a sum over text and a limit over the maximum', async () => {
    const a = await insight({ dataset: 'seattle_weather', measures: [{ column: 'weather', agg: 'SUM' }] });
    expect(a.errors[0].extensions.code).toBe('TYPE_MISMATCH');
    const b = await insight({ dataset: 'seattle_weather', measures: [{ agg: 'COUNT' }], limit: 10_000_000 });
    expect(b.errors[0].extensions.code).toBe('BAD_INPUT');
    expect(b.errors[0].message).toMatch(/limit/);
  });

  it('filters groups (having), counts them and contrasts two years; a bad threshold is a typed error', async () => {
    const r = await insight({ dataset: 'seattle_weather', dimensions: ['weather'], measures: [{ agg: 'COUNT' }], having: [{ measure: 'count', op: 'GT', value: 100 }], orderBy: [{ field: 'weather' }] });
    expect(r.errors).toBeUndefined();
    const ref = await sql(`SELECT weather, count(*)::int AS n FROM $T GROUP BY weather HAVING count(*) > $1 ORDER BY weather`, [100]);
    expect(r.data.insight.rows.map((x: any) => [x.weather, x.count])).toEqual(ref.map((x: any) => [x.weather, x.n]));
    const n = await insight({ dataset: 'seattle_weather', dimensions: ['weather'], measures: [{ agg: 'COUNT' }], having: [{ measure: 'count', op: 'GT', value: 100 }], countGroups: true });
    expect(n.data.insight.rows).toEqual([{ group_count: ref.length }]);
    const c = await insight({ dataset: 'seattle_weather', measures: [{ column: 'precipitation', agg: 'SUM' }], contrast: { a: { range: { from: '2015-01-01', to: '2016-01-01' }, label: '2015' }, b: { range: { from: '2012-01-01', to: '2013-01-01' }, label: '2012' } } });
    const [d] = await sql(`SELECT (sum(precipitation) FILTER (WHERE date >= '2015-01-01' AND date < '2016-01-01') - sum(precipitation) FILTER (WHERE date >= '2012-01-01' AND date < '2013-01-01'))::float8 AS v FROM $T`);
    expect(c.data.insight.rows[0].sum_precipitation_difference).toBeCloseTo(d.v, 6);
    expect(c.data.insight.description).toContain('2015 against 2012');
    const bad = await insight({ dataset: 'seattle_weather', dimensions: ['weather'], measures: [{ agg: 'COUNT' }], having: [{ measure: 'count', op: 'GT', value: 'many' }] });
    expect(bad.errors[0].extensions.code).toBe('TYPE_MISMATCH');
    const text = await insight({ dataset: 'seattle_weather', dimensions: ['weather'], measures: [{ column: 'weather', agg: 'MAX', as: 'last' }], having: [{ measure: 'last', op: 'GT', value: 1 }] });
    expect(text.errors[0].extensions.code).toBe('TYPE_MISMATCH');
  });

  it('binds values: injection text in a filter is just a value', async () => {
    const r = await insight({ dataset: 'seattle_weather', measures: [{ agg: 'COUNT' }], filter: { column: 'weather', op: 'EQ', value: "rain'; DROP TABLE catalog.datasets; --" } });
    expect(r.errors).toBeUndefined();
    expect(Number(r.data.insight.rows[0].count)).toBe(0);
    expect(r.data.insight.params).toContain("rain'; DROP TABLE catalog.datasets; --");
    const again = await s.gql(`{ datasets { name } }`);
    expect(again.data.datasets.length).toBe(2);
  });

  it('runs read-only: the compiled SQL is the only statement and nothing can write', async () => {
    await expect(s.app.services.warehouse.readOnly(5_000, (tx) => tx.query(`DELETE FROM catalog.datasets`))).rejects.toThrow(/read-only/);
    expect((await s.gql(`{ datasets { name } }`)).data.datasets.length).toBe(2);
  });

  it('rejects malformed GraphQL with a stable code and keeps serving', async () => {
    const r = await s.gql(`{ datasets { name `);
    expect(r.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const deep = await s.gql(`{ datasets { columns { stats { topValues { value value value } } } } }`);
    expect(deep.errors).toBeUndefined();
    const ok = await s.gql(`{ health { ok } }`);
    expect(ok.data.health.ok).toBe(true);
  });

  it('answers malformed JSON with a clear 400', async () => {
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    const j = (await res.json()) as any;
    expect(j.errors[0].extensions.code).toBe('BAD_INPUT');
  });

  it('masks internal errors: no SQL, table name or stack trace reaches the client, and the server keeps serving', async () => {
    await s.gql(`mutation { ingestDataset(name: "doomed", content: "a,b\\n1,2\\n") { status } }`);
    const t = (await s.app.services.catalog.getCatalogDataset('doomed')).tableName;
    // Break the warehouse behind the catalog's back: the next query fails inside Postgres.
    await s.app.services.warehouse.query(`DROP TABLE warehouse."${t}"`);
    const r = await insight({ dataset: 'doomed', measures: [{ agg: 'COUNT' }] });
    expect(r.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(r.errors[0].message).toBe('internal error');
    const body = JSON.stringify(r);
    expect(body).not.toContain(t);
    expect(body).not.toMatch(/SELECT|relation|stack|at \//i);
    expect((await s.gql(`{ health { ok } }`)).data.health.ok).toBe(true);
  });
});
