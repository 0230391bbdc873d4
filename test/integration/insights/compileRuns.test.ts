import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileInsight, TOTAL_COLUMN, type CompiledInsight } from '../../../src/insights/compile.js';
import { parseInsightQuery, type InsightQueryInput } from '../../../src/insights/insightQuery.js';
import { CATALOGS, hostile, seattleWeather } from '../../fixtures/insights/catalogs.js';
import { percentileCont, seattleRows, stockRows, sumWhere, unemploymentRows } from './demoData.js';

// Compiled statements run against the real demo data; each answer is checked against the CSV
// parsed in plain JS (an independent reference) and, for some, a hand-written SQL query.
// Real Postgres needs INSIGHTQL_TEST_PG; the embedded PGlite run always, which also proves both
// drivers return the same JS types for the same statement (STACK.md trap 5).

type Row = Record<string, unknown>;
interface Db {
  query(text: string, values?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

const pgUrl = process.env.INSIGHTQL_TEST_PG;
const schema = `warehouse_test_${randomBytes(4).toString('hex')}`;
const NOW = new Date('2016-06-15T12:00:00Z');
const weather = seattleRows();
const stocks = stockRows();
const unemployment = unemploymentRows();
const goldenQueries = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/insights/queries.json', import.meta.url)), 'utf8')) as Record<string, { query: InsightQueryInput }>;

const HOSTILE_TABLE = '"ds_hostile""; DROP TABLE x; --"';

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
  await db.query(`CREATE TABLE ${schema}.ds_stocks (symbol text, date date, price double precision)`);
  await db.query(`INSERT INTO ${schema}.ds_stocks SELECT * FROM unnest($1::text[], $2::date[], $3::float8[])`, [stocks.map((r) => r.symbol), stocks.map((r) => r.date), stocks.map((r) => r.price)]);
  await db.query(`CREATE TABLE ${schema}.ds_unemployment_across_industries (series text, year integer, month integer, count integer, rate double precision, date timestamp)`);
  await db.query(`INSERT INTO ${schema}.ds_unemployment_across_industries SELECT * FROM unnest($1::text[], $2::int4[], $3::int4[], $4::int4[], $5::float8[], $6::timestamp[])`, [
    unemployment.map((r) => r.series),
    unemployment.map((r) => r.year),
    unemployment.map((r) => r.month),
    unemployment.map((r) => r.count),
    unemployment.map((r) => r.rate),
    unemployment.map((r) => r.date),
  ]);
  await db.query(`CREATE TABLE ${schema}.${HOSTILE_TABLE} ("we""ird; DROP TABLE users; --" text, "amount 💰" numeric, ts timestamp, flag boolean, big bigint)`);
  await db.query(`CREATE TABLE ${schema}.users (id int)`);
  await db.query(
    `INSERT INTO ${schema}.${HOSTILE_TABLE} VALUES ('a''; DROP TABLE users; --', 1.5, '2019-05-01 00:00', true, 9007199254740000), ('a''; DROP TABLE users; --', 2.25, '2019-06-01', true, 1), ('a''; DROP TABLE users; --', 100, '2021-01-01', true, 1), ('plain', 7, '2019-01-01', true, 1)`,
  );
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

for (const target of targets()) {
  describe.skipIf(target.skip)(`compiled insights run on ${target.kind}`, () => {
    let db: Db;
    const results = new Map<string, Row[]>();

    beforeAll(async () => {
      db = await target.open();
      await load(db);
    });
    afterAll(async () => {
      await db?.close();
    });

    const compile = (input: InsightQueryInput, ds = seattleWeather): CompiledInsight => {
      const q = parseInsightQuery(input);
      return compileInsight(q, CATALOGS[q.dataset] ?? ds, { now: NOW, maxRows: 10_000, schema, anchor: (CATALOGS[q.dataset] ?? ds).columns.find((c) => c.role === 'time')?.stats?.maxTime });
    };
    const run = async (input: InsightQueryInput): Promise<Row[]> => {
      const c = compile(input);
      return db.query(c.text, c.values);
    };

    it('every golden statement runs', async () => {
      for (const [name, { query }] of Object.entries(goldenQueries)) {
        const rows = await run(query).catch((e: Error) => {
          throw new Error(`${name}: ${e.message}`);
        });
        results.set(name, rows);
      }
      expect(results.size).toBe(Object.keys(goldenQueries).length);
    });

    it('total precipitation in 2014 equals the CSV sum and a hand-written SELECT', async () => {
      const [row] = await run(goldenQueries.seattle_total_precip_2014!.query);
      const expected = sumWhere(weather, (r) => r.date.startsWith('2014'), (r) => r.precipitation);
      const [hand] = await db.query(`SELECT sum(precipitation)::float8 AS s FROM ${schema}.ds_seattle_weather WHERE date BETWEEN '2014-01-01' AND '2014-12-31'`);
      expect(row!.sum_precipitation).toBeCloseTo(expected, 6);
      expect(row!.sum_precipitation).toBeCloseTo(hand!.s as number, 9);
      expect(row![TOTAL_COLUMN]).toBe(1);
    });

    it('monthly precipitation in 2014: 12 ISO-dated buckets matching the CSV', async () => {
      const rows = await run(goldenQueries.seattle_monthly_precip_2014!.query);
      expect(rows.map((r) => r.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2014-${String(i + 1).padStart(2, '0')}-01`));
      for (const r of rows) {
        const ym = (r.month as string).slice(0, 7);
        expect(r.sum_precipitation).toBeCloseTo(sumWhere(weather, (w) => w.date.startsWith(ym), (w) => w.precipitation), 6);
        expect(r[TOTAL_COLUMN]).toBe(12);
      }
    });

    it('days by weather: counts as JS numbers, largest first', async () => {
      const rows = await run(goldenQueries.seattle_days_by_weather!.query);
      const counts = new Map<string, number>();
      for (const w of weather) counts.set(w.weather, (counts.get(w.weather) ?? 0) + 1);
      const expected = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      expect(rows.map((r) => [r.weather, r.count])).toEqual(expected);
      expect(typeof rows[0]!.count).toBe('number');
    });

    it('median and p90 wind by weather match percentile_cont computed in JS', async () => {
      const rows = await run(goldenQueries.seattle_median_p90_wind!.query);
      for (const r of rows) {
        const winds = weather.filter((w) => w.weather === r.weather).map((w) => w.wind);
        expect(r.median_wind).toBeCloseTo(percentileCont(winds, 0.5), 9);
        expect(r.p90_wind).toBeCloseTo(percentileCont(winds, 0.9), 9);
      }
    });

    it('IN + numeric-string filter counts the right days', async () => {
      const [row] = await run(goldenQueries.seattle_filter_in_and_gt!.query);
      expect(row!.days).toBe(weather.filter((w) => (w.weather === 'rain' || w.weather === 'snow') && w.precipitation > 10).length);
    });

    it('contains matches case-insensitively and treats % and _ literally', async () => {
      const sub = await run({ dataset: 'seattle_weather', measures: [{ agg: 'count' }], filter: { column: 'weather', op: 'contains', value: 'AI' } });
      expect(sub[0]!.count).toBe(weather.filter((w) => w.weather.includes('ai')).length);
      const pct = await run({ dataset: 'seattle_weather', measures: [{ agg: 'count' }], filter: { column: 'weather', op: 'contains', value: '%' } });
      expect(pct[0]!.count).toBe(0);
      const under = await run({ dataset: 'seattle_weather', measures: [{ agg: 'count' }], filter: { column: 'weather', op: 'contains', value: 'r_in' } });
      expect(under[0]!.count).toBe(0);
    });

    it('starts_with and ends_with match a prefix and a suffix case-insensitively, % and _ literally', async () => {
      const pre = await run({ dataset: 'seattle_weather', measures: [{ agg: 'count' }], filter: { column: 'weather', op: 'starts_with', value: 'SN' } });
      expect(pre[0]!.count).toBe(weather.filter((w) => w.weather.startsWith('sn')).length);
      const suf = await run({ dataset: 'seattle_weather', measures: [{ agg: 'count' }], filter: { column: 'weather', op: 'ends_with', value: 'zle' } });
      expect(suf[0]!.count).toBe(weather.filter((w) => w.weather.endsWith('zle')).length);
      expect(suf[0]!.count).toBeGreaterThan(0);
      const wild = await run({ dataset: 'seattle_weather', measures: [{ agg: 'count' }], filter: { column: 'weather', op: 'starts_with', value: '_' } });
      expect(wild[0]!.count).toBe(0);
    });

    it('2014 compared with 2013: previous, delta and pct change', async () => {
      const [row] = await run(goldenQueries.seattle_compare_2014_previous!.query);
      const cur = sumWhere(weather, (r) => r.date.startsWith('2014'), (r) => r.precipitation);
      const prev = sumWhere(weather, (r) => r.date.startsWith('2013'), (r) => r.precipitation);
      expect(row!.sum_precipitation).toBeCloseTo(cur, 6);
      expect(row!.sum_precipitation_previous).toBeCloseTo(prev, 6);
      expect(row!.sum_precipitation_delta).toBeCloseTo(cur - prev, 6);
      expect(row!.sum_precipitation_pct_change).toBeCloseTo((100 * (cur - prev)) / prev, 9);
      expect(row!.days).toBe(365);
      expect(row!.days_previous).toBe(365);
      expect(row!.days_pct_change).toBe(0);
    });

    it('monthly year-over-year: each 2015 month joined with the same month of 2014', async () => {
      const rows = await run(goldenQueries.seattle_compare_monthly_yoy!.query);
      expect(rows).toHaveLength(12);
      for (const r of rows) {
        const m = (r.month as string).slice(4, 7);
        expect(r.month).toMatch(/^2015-/);
        expect(r.sum_precipitation).toBeCloseTo(sumWhere(weather, (w) => w.date.startsWith(`2015${m}`), (w) => w.precipitation), 6);
        expect(r.sum_precipitation_previous).toBeCloseTo(sumWhere(weather, (w) => w.date.startsWith(`2014${m}`), (w) => w.precipitation), 6);
      }
    });

    it('limit fetches one extra row and __total counts every group', async () => {
      const c = compile(goldenQueries.seattle_top5_wet_days!.query);
      const rows = await db.query(c.text, c.values);
      expect(c.limit).toBe(5);
      expect(rows).toHaveLength(6);
      expect(rows[0]![TOTAL_COLUMN]).toBe(new Set(weather.map((w) => w.date)).size);
      const top = [...weather].sort((a, b) => b.precipitation - a.precipitation || a.date.localeCompare(b.date)).slice(0, 6);
      expect(rows.map((r) => r.date)).toEqual(top.map((w) => w.date));
    });

    it('weekly buckets start on Mondays', async () => {
      const rows = await run(goldenQueries.seattle_weekly_between!.query);
      expect(rows.map((r) => r.week)).toEqual(['2015-03-02', '2015-03-09', '2015-03-16', '2015-03-23']);
      expect(rows[1]!.rain_mm).toBeCloseTo(sumWhere(weather, (w) => w.date >= '2015-03-09' && w.date < '2015-03-16', (w) => w.precipitation), 6);
    });

    it('stocks Q1 2009 vs Q4 2008 by symbol', async () => {
      const rows = await run(goldenQueries.stocks_compare_q1_2009!.query);
      const avg = (sym: string, from: string, to: string): number => {
        const xs = stocks.filter((s) => s.symbol === sym && s.date >= from && s.date < to).map((s) => s.price);
        return xs.reduce((a, b) => a + b, 0) / xs.length;
      };
      expect(rows).toHaveLength(new Set(stocks.map((s) => s.symbol)).size);
      for (const r of rows) {
        const cur = avg(r.symbol as string, '2009-01-01', '2009-04-01');
        const prev = avg(r.symbol as string, '2008-10-01', '2009-01-01');
        expect(r.avg_price).toBeCloseTo(cur, 9);
        expect(r.avg_price_previous).toBeCloseTo(prev, 9);
        expect(r.avg_price_pct_change).toBeCloseTo((100 * (cur - prev)) / prev, 9);
      }
      const pct = rows.map((r) => r.avg_price_pct_change as number);
      expect(pct).toEqual([...pct].sort((a, b) => b - a));
    });

    it('unemployment: integer between, int dimension stays a number, timestamp buckets', async () => {
      const rows = await run(goldenQueries.unemployment_count_by_series_years!.query);
      for (const r of rows) {
        expect(r.sum_count).toBe(sumWhere(unemployment, (u) => u.series === r.series && u.year >= 2008 && u.year <= 2009, (u) => u.count));
      }
      const byYear = await run({ dataset: 'unemployment_across_industries', measures: [{ agg: 'sum', column: 'count' }], dimensions: ['year'], orderBy: [{ field: 'year', direction: 'desc' }] });
      expect(byYear[0]!.year).toBe(2010);
      expect(byYear[0]!.sum_count).toBe(sumWhere(unemployment, (u) => u.year === 2010, (u) => u.count));
      const hourly = await run(goldenQueries.unemployment_hourly_timestamp!.query);
      expect(hourly).toEqual([{ hour: '2010-02-01T08:00:00', count: unemployment.filter((u) => u.date === '2010-02-01T08:00:00').length, [TOTAL_COLUMN]: 1 }]);
    });

    it('date, boolean and array filters bind with the right types', async () => {
      const dates = ['2014-01-01', '2015-07-04'];
      const inDates = await run({ dataset: 'seattle_weather', measures: [{ agg: 'sum', column: 'precipitation' }], filter: { column: 'date', op: 'in', values: dates } });
      expect(inDates[0]!.sum_precipitation).toBeCloseTo(sumWhere(weather, (w) => dates.includes(w.date), (w) => w.precipitation), 9);
      const between = await run({ dataset: 'seattle_weather', measures: [{ agg: 'count' }], filter: { and: [{ column: 'date', op: 'between', values: ['2014-02-01', '2014-02-28'] }, { column: 'weather', op: 'not_in', values: ['rain'] }] } });
      expect(between[0]!.count).toBe(weather.filter((w) => w.date >= '2014-02-01' && w.date <= '2014-02-28' && w.weather !== 'rain').length);
      const halfDay = await run({ dataset: 'seattle_weather', measures: [{ agg: 'count' }], filter: { column: 'date', op: 'gt', value: '2015-12-30T12:00:00' } });
      expect(halfDay[0]!.count).toBe(1); // only 2015-12-31: the time of day is kept, not truncated
      const flags = await run({ dataset: 'hostile', measures: [{ agg: 'count' }], filter: { column: 'flag', op: 'in', values: [true] } });
      expect(flags[0]!.count).toBe(4);
      const ints = await run({ dataset: 'unemployment_across_industries', measures: [{ agg: 'count' }], filter: { column: 'month', op: 'in', values: [1, 2.5] } });
      expect(ints[0]!.count).toBe(unemployment.filter((u) => u.month === 1).length);
    });

    it('bucketed comparison by dimension joins each group with its own previous bucket', async () => {
      const rows = await run({ dataset: 'stocks', measures: [{ agg: 'max', column: 'price' }], dimensions: ['symbol'], time: { grain: 'quarter', range: { from: '2009-01-01', to: '2010-01-01' } }, compare: { to: 'same_period_last_year' } });
      const max = (sym: string, from: string, to: string): number | null => {
        const xs = stocks.filter((s) => s.symbol === sym && s.date >= from && s.date < to).map((s) => s.price);
        return xs.length ? Math.max(...xs) : null;
      };
      expect(rows.length).toBeGreaterThan(10);
      for (const r of rows) {
        const q = r.quarter as string;
        const end = `2009-${String(Number(q.slice(5, 7)) + 3).padStart(2, '0')}-01`.replace('2009-13-01', '2010-01-01');
        expect(r.max_price).toBe(max(r.symbol as string, q, end));
        expect(r.max_price_previous).toBe(max(r.symbol as string, q.replace('2009', '2008'), end.replace('2009', '2008').replace('2010-01-01', '2009-01-01')));
      }
    });

    it('hostile identifiers are quoted and hostile values bound: nothing is dropped, sums are right', async () => {
      const rows = await run(goldenQueries.hostile_identifiers_and_values!.query);
      expect(rows).toEqual([{ 'we"ird; DROP TABLE users; --': "a'; DROP TABLE users; --", flag: true, 'x"; DROP TABLE t; --': 3.75, sum_big: 9007199254740001, [TOTAL_COLUMN]: 1 }]);
      const [still] = await db.query(`SELECT count(*)::int4 AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'users'`, [schema]);
      expect(still!.n).toBe(1);
      expect(hostile.tableName).toContain('DROP');
    });
  });
}
