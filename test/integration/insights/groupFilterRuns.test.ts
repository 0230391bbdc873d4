import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileInsight } from '../../../src/insights/compile.js';
import { parseInsightQuery, type InsightQueryInput } from '../../../src/insights/insightQuery.js';
import { CATALOGS } from '../../fixtures/insights/catalogs.js';
import { seattleRows, sumWhere, unemploymentRows } from './demoData.js';

// Group filters (having), group counts and contrasts run on the real drivers; every answer is
// checked against the demo CSVs aggregated in plain JS. Real Postgres needs INSIGHTQL_TEST_PG;
// the embedded PGlite always runs.

type Row = Record<string, unknown>;
interface Db {
  query(text: string, values?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

const pgUrl = process.env.INSIGHTQL_TEST_PG;
const schema = `warehouse_test_${randomBytes(4).toString('hex')}`;
const NOW = new Date('2016-06-15T12:00:00Z');
const weather = seattleRows();
const unemployment = unemploymentRows();

async function load(db: Db): Promise<void> {
  await db.query(`CREATE SCHEMA ${schema}`);
  await db.query(`CREATE TABLE ${schema}.ds_seattle_weather (date date, precipitation double precision, temp_max double precision, temp_min double precision, wind double precision, weather text)`);
  await db.query(`INSERT INTO ${schema}.ds_seattle_weather SELECT * FROM unnest($1::date[], $2::float8[], $3::float8[], $4::float8[], $5::float8[], $6::text[])`, [
    weather.map((r) => r.date),
    weather.map((r) => r.precipitation),
    weather.map((r) => r.temp_max),
    weather.map((r) => r.temp_min),
    weather.map((r) => r.wind),
    weather.map((r) => r.weather),
  ]);
  await db.query(`CREATE TABLE ${schema}.ds_unemployment_across_industries (series text, year integer, month integer, count integer, rate double precision, date timestamp)`);
  await db.query(`INSERT INTO ${schema}.ds_unemployment_across_industries SELECT * FROM unnest($1::text[], $2::int4[], $3::int4[], $4::int4[], $5::float8[], $6::timestamp[])`, [
    unemployment.map((r) => r.series),
    unemployment.map((r) => r.year),
    unemployment.map((r) => r.month),
    unemployment.map((r) => r.count),
    unemployment.map((r) => r.rate),
    unemployment.map((r) => r.date),
  ]);
}

function targets(): { kind: string; open: () => Promise<Db>; skip: boolean }[] {
  return [
    {
      kind: 'postgres',
      skip: !pgUrl,
      open: async () => {
        const client = new pg.Client({ connectionString: pgUrl });
        await client.connect();
        return {
          query: async (t, v) => (await client.query(t, v)).rows as Row[],
          close: async () => {
            await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            await client.end();
          },
        };
      },
    },
    {
      kind: 'pglite',
      skip: false,
      open: async () => {
        const lite = new PGlite();
        return { query: async (t, v) => (await lite.query<Row>(t, v)).rows, close: () => lite.close() };
      },
    },
  ];
}

/** Rows per key, and the key's value of `f` summed or averaged. */
function groups<T>(rows: T[], key: (r: T) => string | number): Map<string | number, T[]> {
  const out = new Map<string | number, T[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

for (const target of targets()) {
  describe.skipIf(target.skip)(`group filters and contrasts run on ${target.kind}`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await target.open();
      await load(db);
    });
    afterAll(async () => {
      await db?.close();
    });

    const run = async (input: InsightQueryInput): Promise<Row[]> => {
      const q = parseInsightQuery(input);
      const ds = CATALOGS[q.dataset]!;
      const c = compileInsight(q, ds, { now: NOW, maxRows: 10_000, schema, anchor: ds.columns.find((x) => x.role === 'time')?.stats?.maxTime });
      return db.query(c.text, c.values);
    };

    it('having keeps the groups whose count passes the threshold', async () => {
      const counts = [...groups(weather, (r) => r.weather)].map(([w, rs]) => [w, rs.length] as const);
      const threshold = 100;
      const rows = await run({ dataset: 'seattle_weather', dimensions: ['weather'], measures: [{ agg: 'count' }], having: [{ measure: 'count', op: 'gt', value: threshold }], orderBy: [{ field: 'weather', direction: 'asc' }] });
      const expected = counts.filter(([, n]) => n > threshold).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(counts.length);
      expect(rows.map((r) => [r.weather, r.count])).toEqual(expected);
    });

    it('having on an average per year bucket, and between', async () => {
      const byYear = [...groups(weather, (r) => r.date.slice(0, 4))].map(([y, rs]) => [y, mean(rs.map((r) => r.temp_max))] as const);
      const cut = mean(byYear.map(([, v]) => v));
      const rows = await run({ dataset: 'seattle_weather', time: { grain: 'year' }, measures: [{ agg: 'avg', column: 'temp_max' }], having: [{ measure: 'avg_temp_max', op: 'gte', value: cut }] });
      expect(rows.map((r) => String(r.year).slice(0, 4))).toEqual(byYear.filter(([, v]) => v >= cut).map(([y]) => y).sort());
      const none = await run({ dataset: 'seattle_weather', time: { grain: 'year' }, measures: [{ agg: 'avg', column: 'temp_max' }], having: [{ measure: 'avg_temp_max', op: 'between', values: [-100, -50] }] });
      expect(none).toEqual([]);
    });

    it('countGroups counts the groups that pass, as one number', async () => {
      const perSeries = [...groups(unemployment, (r) => r.series)].map(([, rs]) => sumWhere(rs, () => true, (r) => r.count));
      const cut = mean(perSeries);
      const [row] = await run({ dataset: 'unemployment_across_industries', dimensions: ['series'], measures: [{ agg: 'sum', column: 'count' }], having: [{ measure: 'sum_count', op: 'gt', value: cut }], countGroups: true });
      expect(row!.group_count).toBe(perSeries.filter((s) => s > cut).length);
      expect(typeof row!.group_count).toBe('number');
    });

    it('contrast of two values of an integer year column: both figures, a − b and the % change', async () => {
      const a = sumWhere(unemployment, (r) => r.year === 2009, (r) => r.count);
      const b = sumWhere(unemployment, (r) => r.year === 2001, (r) => r.count);
      const rows = await run({ dataset: 'unemployment_across_industries', measures: [{ agg: 'sum', column: 'count' }], contrast: { column: 'year', a: { value: 2009 }, b: { value: 2001 } } });
      expect(rows).toHaveLength(1);
      expect(rows[0]!.sum_count_a).toBe(a);
      expect(rows[0]!.sum_count_b).toBe(b);
      expect(rows[0]!.sum_count_difference).toBe(a - b);
      expect(rows[0]!.sum_count_pct_change).toBeCloseTo((100 * (a - b)) / b, 9);
    });

    it('contrast of two date ranges and of two text values, by group', async () => {
      const inYear = (y: string) => (r: { date: string }) => r.date.startsWith(y);
      const [row] = await run({ dataset: 'seattle_weather', measures: [{ agg: 'sum', column: 'precipitation' }], contrast: { a: { range: { from: '2015-01-01', to: '2016-01-01' } }, b: { range: { from: '2012-01-01', to: '2013-01-01' } } } });
      const p15 = sumWhere(weather, inYear('2015'), (r) => r.precipitation);
      const p12 = sumWhere(weather, inYear('2012'), (r) => r.precipitation);
      expect(row!.sum_precipitation_difference).toBeCloseTo(p15 - p12, 6);
      const bySeries = await run({ dataset: 'unemployment_across_industries', dimensions: ['series'], measures: [{ agg: 'avg', column: 'rate' }], contrast: { column: 'year', a: { value: 2009 }, b: { value: 2000 } } });
      const diffs = bySeries.map((r) => r.avg_rate_difference as number);
      expect(diffs).toEqual([...diffs].sort((x, y) => y - x));
      const one = bySeries[0]!;
      const rs = unemployment.filter((r) => r.series === one.series);
      expect(one.avg_rate_a).toBeCloseTo(mean(rs.filter((r) => r.year === 2009).map((r) => r.rate)), 9);
      expect(one.avg_rate_b).toBeCloseTo(mean(rs.filter((r) => r.year === 2000).map((r) => r.rate)), 9);
    });
  });
}
